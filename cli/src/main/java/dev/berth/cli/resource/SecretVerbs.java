package dev.berth.cli.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.Api;
import dev.berth.cli.CliException;
import dev.berth.cli.ExitCode;
import dev.berth.cli.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The verbs of a resource's write-only secrets ({@code .../{id}/secrets/{KEY}}): list their
 * names, set one from a file or standard input (never from the command line, where the shell's
 * history and ps would show it), delete one.
 */
public final class SecretVerbs {
    private SecretVerbs() {
    }

    /** {@code secrets}, {@code secret-set} and {@code secret-delete} for the resource. */
    public static void addTo(Map<String, Verb> verbs, Resource resource) {
        verbs.put("secrets", new Names(resource));
        verbs.put("secret-set", new Set(resource));
        verbs.put("secret-delete", new Delete(resource));
    }

    static String path(Resource resource, String owner, String key) {
        return resource.itemPath(owner) + "/secrets" + (key == null ? "" : "/" + Api.segment(key));
    }

    static final class Names extends Verb {
        private final Resource resource;

        @Parameters(index = "0", paramLabel = "ID", description = "Whose secrets")
        String owner;

        Names(Resource resource) {
            this.resource = resource;
        }

        @Override
        public String description() {
            return "List the names of the " + resource.singular() + "'s secrets (values are never shown)";
        }

        @Override
        protected int run() {
            JsonNode names = api().get(path(resource, owner, null)).body().path("names");
            names.forEach(name -> out().println(name.asText()));
            return 0;
        }
    }

    static final class Set extends Verb {
        private final Resource resource;

        @Parameters(index = "0", paramLabel = "ID", description = "Whose secret")
        String owner;

        @Parameters(index = "1", paramLabel = "KEY", description = "The secret's name, such as SMTP_PASSWORD")
        String key;

        @Parameters(index = "2..*", hidden = true, paramLabel = "VALUE")
        List<String> valueArguments;

        @Option(names = {"--value", "--secret"}, hidden = true, paramLabel = "VALUE")
        String valueOption;

        @Option(names = "--value-file", paramLabel = "FILE", description = "The value from a file (a final newline is dropped); "
                + "without it, from standard input (- also means standard input)")
        Path valueFile;

        Set(Resource resource) {
            this.resource = resource;
        }

        @Override
        public String description() {
            return "Set a secret of the " + resource.singular() + " (write-only): the value from --value-file FILE or standard input, "
                    + "never from the command line";
        }

        @Override
        protected int run() {
            if (valueOption != null || (valueArguments != null && !valueArguments.isEmpty()) || key.contains("=")) {
                throw new CliException(ExitCode.USAGE, "a secret's value never goes on the command line (shell history, ps): "
                        + "give it with --value-file FILE, or on standard input");
            }
            String value = readValue();
            if (value == null || value.isEmpty()) {
                throw new CliException(ExitCode.USAGE, "the secret's value is empty");
            }
            ObjectNode body = Json.MAPPER.createObjectNode().put("value", value);
            api().send("PUT", path(resource, owner, key), body, "application/json", null);
            out().println("secret " + key + " of " + owner + " set");
            return 0;
        }

        private String readValue() {
            if (valueFile != null && !valueFile.toString().equals("-")) {
                try {
                    return dropFinalNewline(Files.readString(valueFile));
                } catch (java.nio.file.NoSuchFileException e) {
                    throw new CliException(ExitCode.USAGE, "no such file: " + valueFile);
                } catch (IOException e) {
                    throw new CliException(ExitCode.USAGE, "cannot read " + valueFile + ": " + e.getMessage());
                }
            }
            if (cli().terminal()) {
                return cli().readSecret("Value of " + key + ": ");
            }
            return dropFinalNewline(cli().readAllStdin());
        }

        static String dropFinalNewline(String text) {
            return text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        }
    }

    static final class Delete extends Verb {
        private final Resource resource;

        @Parameters(index = "0", paramLabel = "ID", description = "Whose secret")
        String owner;

        @Parameters(index = "1", paramLabel = "KEY", description = "The secret's name")
        String key;

        Delete(Resource resource) {
            this.resource = resource;
        }

        @Override
        public String description() {
            return "Remove a secret of the " + resource.singular();
        }

        @Override
        protected int run() {
            api().send("DELETE", path(resource, owner, key), null, null, null);
            out().println("secret " + key + " of " + owner + " deleted");
            return 0;
        }
    }
}
