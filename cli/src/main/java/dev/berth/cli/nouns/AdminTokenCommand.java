package dev.berth.cli.nouns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.Api;
import dev.berth.cli.ApiException;
import dev.berth.cli.Berth;
import dev.berth.cli.CliException;
import dev.berth.cli.ConfigFile;
import dev.berth.cli.ExitCode;
import dev.berth.cli.Format;
import dev.berth.cli.Json;
import dev.berth.cli.Output;
import dev.berth.cli.resource.Verb;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "admin-token", description = {
        "Get a new stack's first admin token with its bootstrap secret (POST /api/v1/bootstrap/admin-token).",
        "Works once per stack; afterwards the API answers 409 (exit 4). The secret comes from --bootstrap-secret-file, "
                + "else BERTH_BOOTSTRAP_SECRET, else standard input (without echo on a terminal); never from the command line. "
                + "The token is printed once; --save also stores it in the profile."})
public final class AdminTokenCommand extends Verb {
    @Mixin
    Output output;

    @Option(names = "--bootstrap-secret-file", paramLabel = "FILE", description = "A file holding the stack's bootstrap secret")
    java.nio.file.Path secretFile;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "first admin", description = "The token's name (default '${DEFAULT-VALUE}')")
    String name;

    @Option(names = "--save", description = "Store the API URL and the token in the profile (--profile, default 'default')")
    boolean save;

    @Override
    public String description() {
        return spec.usageMessage().description()[0];
    }

    @Override
    protected int run() {
        Berth root = root();
        String url = root.explicitApiUrl();
        if (url == null) {
            throw new CliException(ExitCode.USAGE, "which stack? give --api URL (or BERTH_API_URL)");
        }
        String bootstrapSecret = secretFile != null ? readSecretFile() : cli().env("BERTH_BOOTSTRAP_SECRET");
        if (bootstrapSecret == null) {
            bootstrapSecret = cli().readSecret("Bootstrap secret: ");
        }
        if (bootstrapSecret == null || bootstrapSecret.isBlank()) {
            throw new CliException(ExitCode.USAGE, "no bootstrap secret: --bootstrap-secret-file, BERTH_BOOTSTRAP_SECRET or standard input");
        }
        ObjectNode body = Json.MAPPER.createObjectNode().put("bootstrapSecret", bootstrapSecret).put("name", name);
        JsonNode created;
        try {
            created = new Api(cli(), url, null).post("/api/v1/bootstrap/admin-token", body).body();
        } catch (ApiException e) {
            if (e.status() == 409) {
                throw new CliException(ExitCode.CONFLICT, (e.getMessage() == null ? "" : e.getMessage() + ": ")
                        + "this stack already has its first admin token; ask an admin for one (berth tokens create)");
            }
            throw e;
        }
        String token = created == null ? null : created.path("token").asText(null);
        if (token == null) {
            throw new CliException(ExitCode.FAILURE, "the API's answer holds no token: " + (created == null ? "(empty)" : Json.compact(created)));
        }
        Format format = output.format();
        if (format == Format.JSON) {
            out().println(Json.pretty(created));
        } else if (format == Format.IDS) {
            out().println(token);
        } else {
            out().println("id     " + created.path("id").asText("-"));
            out().println("name   " + created.path("name").asText("-"));
            out().println("role   " + created.path("role").asText("-"));
            out().println("token  " + token);
        }
        if (save) {
            ConfigFile config = root.config();
            Map<String, String> values = new LinkedHashMap<>();
            values.put("api", url);
            values.put("token", token);
            config.store(root.profileName(), values);
            cli().err().println("(stored in profile '" + root.profileName() + "' of " + config.path() + ")");
        } else {
            cli().err().println("(shown only now: store it, or run berth login --api " + url + " with it)");
        }
        return 0;
    }

    private String readSecretFile() {
        try {
            return java.nio.file.Files.readString(secretFile).strip();
        } catch (java.io.IOException e) {
            throw new CliException(ExitCode.USAGE, "cannot read " + secretFile + ": " + e.getMessage());
        }
    }
}
