package dev.berth.cli.nouns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.Api;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.ExitCode;
import dev.berth.cli.Format;
import dev.berth.cli.Json;
import dev.berth.cli.Output;
import dev.berth.cli.Progress;
import dev.berth.cli.resource.Column;
import dev.berth.cli.resource.CreateVerb;
import dev.berth.cli.resource.IfMatch;
import dev.berth.cli.resource.ListVerb;
import dev.berth.cli.resource.Printer;
import dev.berth.cli.resource.Resource;
import dev.berth.cli.resource.ResourceCommand;
import dev.berth.cli.resource.ShowVerb;
import dev.berth.cli.resource.Verb;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Drupal sites: created into the warm pool, claimed, launched, locked, taken down, restored,
 * their code changed, deleted. Every lifecycle move is {@code POST /sites/{id}/status} with
 * If-Match; {@code --wait} polls until the site leaves the transient state.
 */
@Command(name = "sites", description = "Drupal sites: create (warm pool), claim, launch, lock, take down, restore, change code, delete")
public final class SitesCommand extends ResourceCommand {
    static final Resource SITES = new Resource("site", "sites", "/api/v1/sites",
            Column.of("id"), Column.of("path"), Column.of("status"), Column.of("environment"), Column.of("updateGroup"));
    /** Entered by the API, left only by the SiteLifecycle state machine (pending until provisioned). */
    static final Set<String> TRANSIENT = Set.of("pending", "installing", "launching", "take_down", "restore");

    /** The environments a site may be in. */
    public enum Environment {
        dev, test, prod
    }

    @Override
    protected Resource resource() {
        return SITES;
    }

    @Override
    protected Map<String, Verb> verbs() {
        Map<String, Verb> verbs = new LinkedHashMap<>();
        verbs.put("list", new ListVerb(SITES));
        verbs.put("show", new ShowVerb(SITES));
        verbs.put("create", new Create());
        verbs.put("claim", new Claim());
        verbs.put("launch", new Move("launching", "launched",
                "Launch an installed site at its path and routes (needs a site route with --active-on-launch; --wait until launched)"));
        verbs.put("lock", new Move("locked", "locked", "Lock a launched site"));
        verbs.put("unlock", new Move("launched", "launched", "Unlock a locked site (back to launched)"));
        verbs.put("take-down", new Move("take_down", "down", "Take a site down: it stops answering, its data stays (--wait until down)"));
        verbs.put("restore", new Move("restore", "installed", "Restore a site that is down (--wait until installed)"));
        verbs.put("set-code", new SetCode());
        verbs.put("delete", new Delete());
        return verbs;
    }

    /** The options a new or claimed site takes. */
    abstract static class SiteFields extends CreateVerb {
        @Option(names = "--path", paramLabel = "PATH", description = "Where it answers: /PATH of the sites' host")
        String path;

        @Option(names = "--env", paramLabel = "ENV", description = "Its environment: ${COMPLETION-CANDIDATES}")
        Environment environment;

        @Option(names = "--site-name", paramLabel = "NAME", description = "The site's name (settings.siteName)")
        String siteName;

        @Option(names = "--update-group", paramLabel = "N", description = "Its update group (when cron and updates reach it)")
        Integer updateGroup;

        @Option(names = "--wait", description = "Then wait until the site is ready (exit 0), or failed (exit 1, with the reason)")
        boolean await;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up waiting after this long (exit 1); default: no limit")
        long timeoutSeconds;

        SiteFields() {
            super(SITES);
        }

        @Override
        protected void addFields(ObjectNode body) {
            CodeCommand.put(body, "path", path);
            if (environment != null) {
                body.put("environment", environment.name());
            }
            if (siteName != null) {
                ObjectNode settings = body.get("settings") instanceof ObjectNode existing ? existing : body.putObject("settings");
                settings.put("siteName", siteName);
            }
            if (updateGroup != null) {
                body.put("updateGroup", updateGroup);
            }
        }
    }

    static final class Create extends SiteFields {
        @Option(names = "--core", paramLabel = "ID", description = "The core code item (default: the current core of the default name)")
        String core;

        @Option(names = "--install-profile", paramLabel = "ID", description = "The installation profile code item (default: the current profile of "
                + "the default name); not --profile, which names the CLI's config profile")
        String profile;

        @Option(names = "--package", paramLabel = "ID", description = "A module, theme or library code item, repeatable")
        List<String> packages;

        @Override
        public String description() {
            return "Create a site (pending → available, into the warm pool); prints its statistics token once (--wait until available)";
        }

        @Override
        protected void addFields(ObjectNode body) {
            super.addFields(body);
            CodeCommand.put(body, "coreId", core);
            CodeCommand.put(body, "profileId", profile);
            if (packages != null) {
                ArrayNode array = body.putArray("packages");
                packages.forEach(array::add);
            }
        }

        @Override
        protected int run() {
            Api api = api();
            ObjectNode created = (ObjectNode) api.post(SITES.path(), body()).body();
            String token = created.path("statisticsToken").asText(null);
            String id = created.path("id").asText();
            if (!await) {
                print(created, token);
                return 0;
            }
            JsonNode settled = awaitSite(cli(), api, id, timeoutSeconds, unsettled(""));
            if (settled == null) {
                print(created, token);
                throw new CliException(ExitCode.FAILURE, "site " + id + " is gone (deleted while it was provisioned)");
            }
            print((ObjectNode) settled.deepCopy(), token);
            return outcome(cli(), id, settled, "available");
        }

        /** The site; its token in the JSON, else once on standard error with a warning. */
        private void print(ObjectNode site, String token) {
            if (token != null && output.format() == Format.JSON) {
                site.put("statisticsToken", token);
            } else {
                site.remove("statisticsToken");
            }
            printCreated(site);
            if (token != null && output.format() != Format.JSON) {
                cli().err().println("statistics token of " + site.path("id").asText() + " (shown once, keep it: the site's own credential "
                        + "for PUT /api/v1/statistics/" + site.path("id").asText() + "):");
                cli().err().println("  " + token);
            }
        }
    }

    static final class Claim extends SiteFields {
        @Override
        public String description() {
            return "Claim an available site of the warm pool (available → installing → installed), optionally at --path (--wait until installed)";
        }

        @Override
        protected int run() {
            Api api = api();
            JsonNode claimed = api.post(SITES.path() + "/claim", body()).body();
            if (!await) {
                printCreated((ObjectNode) claimed);
                return 0;
            }
            String id = claimed.path("id").asText();
            JsonNode settled = awaitSite(cli(), api, id, timeoutSeconds, unsettled(claimed.path("failureReason").asText("")));
            if (settled == null) {
                throw new CliException(ExitCode.FAILURE, "site " + id + " is gone");
            }
            printCreated((ObjectNode) settled);
            return outcome(cli(), id, settled, "installed");
        }
    }

    /** A lifecycle move: {@code POST /sites/{id}/status {"status": target}} with If-Match. */
    static final class Move extends Verb {
        private final String target;
        private final String expected;
        private final String description;

        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "ID", description = "The site's id")
        String id;

        @Option(names = "--wait", description = "Then wait until the move is done (exit 0), or failed (exit 1, with the reason)")
        boolean await;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up waiting after this long (exit 1); default: no limit")
        long timeoutSeconds;

        @Option(names = "--force", description = "If the site changed since it was read, move it anyway")
        boolean force;

        Move(String target, String expected, String description) {
            this.target = target;
            this.expected = expected;
            this.description = description;
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        protected int run() {
            Api api = api();
            ObjectNode body = Json.MAPPER.createObjectNode().put("status", target);
            JsonNode moved = IfMatch.write(cli(), api, SITES, id, force,
                    etag -> api.send("POST", SITES.itemPath(id) + "/status", body, "application/json", etag)).body();
            if (!await) {
                new Printer(out(), output.format(), SITES).row(moved);
                return 0;
            }
            JsonNode settled = awaitSite(cli(), api, id, timeoutSeconds, unsettled(moved.path("failureReason").asText("")));
            if (settled == null) {
                throw new CliException(ExitCode.FAILURE, "site " + id + " is gone");
            }
            new Printer(out(), output.format(), SITES).row(settled);
            return outcome(cli(), id, settled, expected);
        }
    }

    static final class SetCode extends Verb {
        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "ID", description = "The site's id")
        String id;

        @Option(names = "--core", paramLabel = "ID", description = "The core code item")
        String core;

        @Option(names = "--install-profile", paramLabel = "ID", description = "The installation profile code item (--profile names the CLI's config profile)")
        String profile;

        @Option(names = "--package", paramLabel = "ID", description = "A module, theme or library code item, repeatable (replaces the site's packages)")
        List<String> packages;

        @Option(names = "--no-packages", description = "Remove all the site's packages")
        boolean noPackages;

        @Option(names = "--force", description = "If the site changed since it was read, change it anyway")
        boolean force;

        @Override
        public String description() {
            return "Change a site's code (with If-Match): relinked, then registry rebuild, database updates and cache clear as the items ask";
        }

        @Override
        protected int run() {
            if (packages != null && noPackages) {
                throw new CliException(ExitCode.USAGE, "--package and --no-packages together");
            }
            ObjectNode patch = Json.MAPPER.createObjectNode();
            CodeCommand.put(patch, "coreId", core);
            CodeCommand.put(patch, "profileId", profile);
            if (packages != null || noPackages) {
                ArrayNode array = patch.putArray("packages");
                if (packages != null) {
                    packages.forEach(array::add);
                }
            }
            if (patch.isEmpty()) {
                throw new CliException(ExitCode.USAGE, "nothing to change: give --core, --install-profile, --package or --no-packages");
            }
            Api api = api();
            JsonNode changed = IfMatch.write(cli(), api, SITES, id, force,
                    etag -> api.send("PATCH", SITES.itemPath(id) + "/code", patch, Api.MERGE_PATCH, etag)).body();
            new Printer(out(), output.format(), SITES).row(changed);
            return 0;
        }
    }

    static final class Delete extends Verb {
        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "ID", description = "The site's id")
        String id;

        @Option(names = "--wait", description = "Then wait until it is gone (exit 0), or its deletion failed (exit 1, with the reason)")
        boolean await;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up waiting after this long (exit 1); default: no limit")
        long timeoutSeconds;

        @Option(names = "--force", description = "If the site changed since it was read, delete it anyway")
        boolean force;

        @Override
        public String description() {
            return "Delete a site (with If-Match): its database, files and links, then the record; refused (exit 4) while launching or launched";
        }

        @Override
        protected int run() {
            Api api = api();
            JsonNode accepted = IfMatch.write(cli(), api, SITES, id, force,
                    etag -> api.send("DELETE", SITES.itemPath(id), null, null, etag)).body();
            if (!await) {
                if (output.format() == Format.TABLE) {
                    out().println("site " + id + " is being deleted");
                } else if (accepted != null) {
                    new Printer(out(), output.format(), SITES).row(accepted);
                } else {
                    out().println(id);
                }
                return 0;
            }
            String before = accepted == null ? "" : accepted.path("failureReason").asText("");
            JsonNode settled = awaitSite(cli(), api, id, timeoutSeconds, site -> !newFailure(site, before));
            if (settled != null) {
                new Printer(out(), output.format(), SITES).row(settled);
                cli().err().println("berth: site " + id + " was not deleted: " + firstLine(settled.path("failureReason").asText("")));
                return ExitCode.FAILURE;
            }
            if (output.format() == Format.IDS) {
                out().println(id);
            } else if (output.format() == Format.JSON) {
                out().println(Json.pretty(Json.MAPPER.createObjectNode().put("id", id).put("deleted", true)));
            } else {
                out().println("site " + id + " deleted");
            }
            return 0;
        }
    }

    /** While the site is in a transient state and no new failure was recorded. */
    static Predicate<JsonNode> unsettled(String reasonBefore) {
        return site -> TRANSIENT.contains(site.path("status").asText()) && !newFailure(site, reasonBefore);
    }

    static boolean newFailure(JsonNode site, String reasonBefore) {
        String reason = site.path("failureReason").asText("");
        return !reason.isEmpty() && !reason.equals(reasonBefore);
    }

    /** Polls a site while {@code waiting} holds; the site, or null once it is gone (404). */
    static JsonNode awaitSite(Cli cli, Api api, String id, long timeoutSeconds, Predicate<JsonNode> waiting) {
        Progress progress = new Progress(cli);
        long deadline = timeoutSeconds > 0 ? System.nanoTime() + timeoutSeconds * 1_000_000_000L : Long.MAX_VALUE;
        while (true) {
            Api.Response response = api.exchange("GET", SITES.itemPath(id), null, null, null);
            if (response.status() == 404) {
                progress.clear();
                return null;
            }
            if (response.status() >= 400 || response.body() == null) {
                progress.clear();
                api.send("GET", SITES.itemPath(id), null, null, null); // throws with the API's message
            }
            JsonNode site = response.body();
            String status = site.path("status").asText();
            if (!waiting.test(site)) {
                progress.clear();
                return site;
            }
            if (System.nanoTime() > deadline) {
                progress.clear();
                throw new CliException(ExitCode.FAILURE, "site " + id + " is still " + status + " after " + timeoutSeconds + "s");
            }
            progress.show(id + ": " + status);
            cli.sleep(cli.pollInterval());
        }
    }

    /** 0 when the site reached {@code expected} without a failure; else 1, saying why. */
    static int outcome(Cli cli, String id, JsonNode site, String expected) {
        String status = site.path("status").asText();
        String reason = site.path("failureReason").asText("");
        if (status.equals(expected) && reason.isEmpty()) {
            cli.err().println("site " + id + " is " + status);
            return ExitCode.OK;
        }
        cli.err().println("berth: site " + id + " is " + status + (reason.isEmpty() ? " (expected " + expected + ")" : ": " + firstLine(reason)));
        return ExitCode.FAILURE;
    }

    static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }
}
