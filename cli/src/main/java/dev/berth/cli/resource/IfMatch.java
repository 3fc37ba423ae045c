package dev.berth.cli.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Api;
import dev.berth.cli.ApiException;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.ExitCode;
import dev.berth.cli.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Every change goes through here: read the item and its ETag, send the write with
 * {@code If-Match}. On 412 (someone changed it in between) read it again and show what changed,
 * field by field, and end with exit 4; with {@code force}, send the write again with the fresh ETag.
 */
public final class IfMatch {
    private static final int FORCE_ATTEMPTS = 5;

    private IfMatch() {
    }

    public static Api.Response write(Cli cli, Api api, Resource resource, String id, boolean force, Function<String, Api.Response> write) {
        Resource.Item read = resource.read(api, id);
        for (int attempt = 1; ; attempt++) {
            try {
                return write.apply(read.etag());
            } catch (ApiException e) {
                if (e.status() != 412) {
                    throw e;
                }
                Resource.Item current = resource.read(api, id);
                if (force && attempt < FORCE_ATTEMPTS) {
                    read = current;
                    continue;
                }
                cli.err().println("berth: " + resource.singular() + " " + id + " changed since it was read ("
                        + read.etag() + " → " + current.etag() + "); nothing was written. What changed:");
                List<String> diff = diff(read.body(), current.body());
                if (diff.isEmpty()) {
                    cli.err().println("  (no field other than its version)");
                }
                diff.forEach(line -> cli.err().println("  " + line));
                throw new CliException(ExitCode.CONFLICT, force ? "it kept changing; try again"
                        : "look at the current " + resource.singular() + ", then run the command again (or add --force to write over it)");
            }
        }
    }

    /** {@code field: old → new} for every field that differs; objects by dotted name. */
    public static List<String> diff(JsonNode before, JsonNode after) {
        Map<String, JsonNode> old = new LinkedHashMap<>();
        Map<String, JsonNode> now = new LinkedHashMap<>();
        leaves("", before, old);
        leaves("", after, now);
        Set<String> names = new LinkedHashSet<>(old.keySet());
        names.addAll(now.keySet());
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            if (name.equals("etag")) {
                continue;
            }
            JsonNode a = old.get(name);
            JsonNode b = now.get(name);
            if (a == null ? b != null : !a.equals(b)) {
                lines.add(name + ": " + show(a) + " → " + show(b));
            }
        }
        return lines;
    }

    private static String show(JsonNode value) {
        if (value == null) {
            return "(absent)";
        }
        return value.isTextual() ? Json.compact(value) : Json.text(value).equals("-") && value.isArray() ? "[]" : Json.compact(value);
    }

    private static void leaves(String prefix, JsonNode node, Map<String, JsonNode> into) {
        if (node == null) {
            return;
        }
        if (node.isObject() && (prefix.isEmpty() || node.size() > 0)) {
            node.fields().forEachRemaining(field -> leaves(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into));
        } else {
            into.put(prefix, node);
        }
    }
}
