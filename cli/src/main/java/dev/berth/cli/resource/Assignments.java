package dev.berth.cli.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.CliException;
import dev.berth.cli.ExitCode;
import dev.berth.cli.Json;
import java.io.IOException;
import java.util.List;

/**
 * {@code key=value} (a string) and {@code key:=json} (any JSON: true, 3, null, ["a"]) into a body;
 * dotted keys reach into objects ({@code domainPrefixes.studio=cms}).
 */
public final class Assignments {
    private Assignments() {
    }

    public static void apply(ObjectNode body, List<String> assignments) {
        if (assignments == null) {
            return;
        }
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new CliException(ExitCode.USAGE, "'" + assignment + "' is not key=value (or key:=json)");
            }
            boolean raw = assignment.charAt(equals - 1) == ':';
            String key = assignment.substring(0, raw ? equals - 1 : equals);
            String text = assignment.substring(equals + 1);
            JsonNode value;
            if (raw) {
                try {
                    value = Json.MAPPER.readTree(text);
                } catch (IOException e) {
                    throw new CliException(ExitCode.USAGE, "'" + assignment + "': the value after := must be JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
                }
                if (value == null || value.isMissingNode()) {
                    throw new CliException(ExitCode.USAGE, "'" + assignment + "': the value after := must be JSON");
                }
            } else {
                value = Json.MAPPER.getNodeFactory().textNode(text);
            }
            String[] path = key.split("\\.");
            ObjectNode target = body;
            for (int i = 0; i < path.length - 1; i++) {
                JsonNode child = target.get(path[i]);
                target = child instanceof ObjectNode object ? object : target.putObject(path[i]);
            }
            target.set(path[path.length - 1], value);
        }
    }
}
