package dev.berth.cli;

import dev.berth.cli.nouns.AdminTokenCommand;
import dev.berth.cli.nouns.AppServersCommand;
import dev.berth.cli.nouns.AuditCommand;
import dev.berth.cli.nouns.CompletionCommand;
import dev.berth.cli.nouns.InstancesCommand;
import dev.berth.cli.nouns.JobsCommand;
import dev.berth.cli.nouns.LoginCommand;
import dev.berth.cli.nouns.ReposCommand;
import dev.berth.cli.nouns.DataServersCommand;
import dev.berth.cli.nouns.BackupsCommand;
import dev.berth.cli.nouns.CodeCommand;
import dev.berth.cli.nouns.CommandsCommand;
import dev.berth.cli.nouns.NodesCommand;
import dev.berth.cli.nouns.RoutesCommand;
import dev.berth.cli.nouns.ServicesCommand;
import dev.berth.cli.nouns.SitesCommand;
import dev.berth.cli.nouns.CampaignsCommand;
import dev.berth.cli.nouns.IncidentsCommand;
import dev.berth.cli.nouns.ProfilesCommand;
import dev.berth.cli.nouns.ReportsCommand;
import dev.berth.cli.nouns.StatisticsCommand;
import dev.berth.cli.nouns.TokensCommand;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code berth <noun> <verb>}: the operator's client of Berth's HTTP API. It speaks only the
 * public API (docs/api.md) and depends on no other Berth module.
 */
@Command(name = "berth", versionProvider = Berth.Version.class,
        synopsisSubcommandLabel = "<noun> <verb>",
        description = {"Berth's command-line client: instances, app servers, nodes, container services, Drupal code, sites, routes, "
                + "commands and statistics, tokens, audit, jobs and watched repositories over the HTTP API.",
                "",
                "Where and as whom: --api/--token, else BERTH_API_URL/BERTH_TOKEN, else the profile (--profile, BERTH_PROFILE, "
                        + "default 'default') in ~/.config/berth/config ($XDG_CONFIG_HOME/berth/config, or BERTH_CONFIG), "
                        + "else http://localhost:8080 without a token.",
                "Output: aligned tables; --json or -o json for the API's JSON; -q for ids only.",
                "Changes send If-Match with the ETag just read; if the item changed meanwhile the CLI shows what changed "
                        + "and exits 4 (--force writes over the current version)."},
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:ok",
                "1:failure (refused by the API, failed app server, API unreachable)",
                "2:usage (bad arguments, config file readable by others)",
                "3:not found (404)",
                "4:conflict (409, or 412: changed since it was read)",
                "5:authentication or permission (401/403)"})
public final class Berth {
    public static final String VERSION = "0.1.0";
    public static final String DEFAULT_API = "http://localhost:8080";

    private final Cli cli;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit")
    boolean version;

    @Option(names = "--api", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The API's base URL (env BERTH_API_URL; default from the profile, else " + DEFAULT_API + ")")
    String apiUrl;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "API token (env BERTH_TOKEN; default from the profile)")
    String token;

    @Option(names = "--profile", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Profile of the config file (env BERTH_PROFILE; default 'default')")
    String profile;

    public Berth(Cli cli) {
        this.cli = cli;
    }

    public static void main(String[] args) {
        Cli cli = Cli.system();
        int code = run(cli, args);
        cli.out().flush();
        cli.err().flush();
        System.exit(code);
    }

    /** Runs one command line and returns its exit code; prints through {@code cli}'s streams only. */
    public static int run(Cli cli, String... args) {
        int code = commandLine(cli).execute(args);
        cli.out().flush();
        cli.err().flush();
        return code;
    }

    /** The whole command tree. A new noun is one more line here. */
    public static CommandLine commandLine(Cli cli) {
        CommandLine root = new CommandLine(new Berth(cli));
        List.of(new InstancesCommand(), new AppServersCommand(), new TokensCommand(), new ReposCommand(), new DataServersCommand(),
                new BackupsCommand(), new NodesCommand(), new ServicesCommand(), new CodeCommand(), new SitesCommand(), new RoutesCommand(),
                new CommandsCommand(), new StatisticsCommand(), new IncidentsCommand(), new CampaignsCommand(), new ProfilesCommand())
                .forEach(noun -> root.addSubcommand(noun.commandLine()));
        root.addSubcommand(new AuditCommand());
        root.addSubcommand(new JobsCommand());
        root.addSubcommand(new ReportsCommand());
        root.addSubcommand(new LoginCommand());
        root.addSubcommand(new AdminTokenCommand());
        root.addSubcommand(new CompletionCommand());
        root.setCaseInsensitiveEnumValuesAllowed(true);
        root.setOut(cli.out());
        root.setErr(cli.err());
        root.setExecutionExceptionHandler(new Errors(cli));
        root.setParameterExceptionHandler(new Errors(cli));
        return root;
    }

    public Cli cli() {
        return cli;
    }

    /** The profile's name: --profile, BERTH_PROFILE, else "default". */
    public String profileName() {
        return profile != null ? profile : cli.env("BERTH_PROFILE") != null ? cli.env("BERTH_PROFILE") : "default";
    }

    private boolean profileNamed() {
        return profile != null || cli.env("BERTH_PROFILE") != null;
    }

    public ConfigFile config() {
        return ConfigFile.locate(cli);
    }

    /** The profile's settings, read only when they are needed. */
    private Map<String, String> profileSettings() {
        ConfigFile config = config();
        Map<String, String> settings = config.profile(profileName());
        if (settings.isEmpty() && profileNamed()) {
            throw new CliException(ExitCode.USAGE, "no profile '" + profileName() + "' in " + config.path()
                    + (config.exists() ? "" : " (no such file)") + ": berth login --profile " + profileName() + " --api URL");
        }
        return settings;
    }

    /** The API URL: --api, BERTH_API_URL, the profile, the default. */
    public String apiUrl() {
        if (apiUrl != null) {
            return apiUrl;
        }
        if (cli.env("BERTH_API_URL") != null) {
            return cli.env("BERTH_API_URL");
        }
        return profileSettings().getOrDefault("api", DEFAULT_API);
    }

    /** The flag's or the environment's token, without looking at the config file; null if neither. */
    public String explicitToken() {
        return token != null ? token : cli.env("BERTH_TOKEN");
    }

    /** The token: --token, BERTH_TOKEN, the profile; null if none. */
    public String token() {
        String explicit = explicitToken();
        return explicit != null ? explicit : profileSettings().get("token");
    }

    /** A client of the API at the resolved URL with the resolved token. */
    public Api api() {
        String url = apiUrl();
        String resolvedToken = token();
        return new Api(cli, url, resolvedToken);
    }

    /** --api or BERTH_API_URL if given, else null (login and admin-token fall back to the profile themselves). */
    public String explicitApiUrl() {
        return apiUrl != null ? apiUrl : cli.env("BERTH_API_URL");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"berth-cli " + VERSION};
        }
    }
}
