package dev.berth.cli.nouns;

import dev.berth.cli.Api;
import dev.berth.cli.ApiException;
import dev.berth.cli.Berth;
import dev.berth.cli.CliException;
import dev.berth.cli.ConfigFile;
import dev.berth.cli.ExitCode;
import dev.berth.cli.resource.Verb;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "login", description = {
        "Store an API URL and token in a profile of the config file (mode 0600).",
        "The token comes from --token, else standard input (typed without echo on a terminal); "
                + "it is checked with GET /api/v1/instances?limit=1 first: a refused token (exit 5) is not stored."})
public final class LoginCommand extends Verb {

    @Override
    public String description() {
        return spec.usageMessage().description()[0];
    }

    @Override
    protected int run() {
        Berth root = root();
        ConfigFile config = root.config();
        String profile = root.profileName();
        String url = root.explicitApiUrl();
        if (url == null) {
            url = config.profile(profile).getOrDefault("api", Berth.DEFAULT_API);
        }
        String token = root.explicitToken();
        if (token == null) {
            token = cli().readSecret("Token for " + url + ": ");
        }
        if (token == null || token.isBlank()) {
            throw new CliException(ExitCode.USAGE, "no token: give --token, or type it (or pipe it) on standard input");
        }
        try {
            new Api(cli(), url, token).get("/api/v1/instances" + Api.query(Map.of("limit", "1")));
        } catch (ApiException e) {
            if (e.exitCode() == ExitCode.AUTH) {
                throw new CliException(ExitCode.AUTH, url + " refused the token (" + e.getMessage() + "); nothing stored");
            }
            throw e;
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("api", url);
        values.put("token", token);
        config.store(profile, values);
        out().println("logged in to " + url + ": profile '" + profile + "' stored in " + config.path());
        return 0;
    }
}
