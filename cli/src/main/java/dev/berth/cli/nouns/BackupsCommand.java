package dev.berth.cli.nouns;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Api;
import dev.berth.cli.CliException;
import dev.berth.cli.ExitCode;
import dev.berth.cli.Output;
import dev.berth.cli.Progress;
import dev.berth.cli.resource.Column;
import dev.berth.cli.resource.IfMatch;
import dev.berth.cli.resource.ListVerb;
import dev.berth.cli.resource.Printer;
import dev.berth.cli.resource.Resource;
import dev.berth.cli.resource.ResourceCommand;
import dev.berth.cli.resource.Verb;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "backups", description = "An instance's backups (or a Drupal site's, with --site): take one, list, restore, delete")
public final class BackupsCommand extends ResourceCommand {
    private static final Column[] COLUMNS = {Column.of("id"), Column.of("state"), Column.of("trigger"), Column.of("created", "createdAt"),
            Column.of("bytes", "sizeBytes"), Column.of("ms", "durationMs"), Column.of("restore", "lastRestore.state")};

    /** The backups of one instance. */
    static Resource of(String instance) {
        return of(instance, false);
    }

    /** The backups of one instance, or of one Drupal site. */
    static Resource of(String owner, boolean site) {
        return new Resource("backup", "backups", (site ? SitesCommand.SITES : InstancesCommand.INSTANCES).itemPath(owner) + "/backups", COLUMNS);
    }

    /** The dumps of a postgresql service's database. */
    static Resource ofService(String service) {
        return new Resource("backup", "backups", ServicesCommand.SERVICES.itemPath(service) + "/database/backups",
                Column.of("id"), Column.of("state"), Column.of("source"), Column.of("created", "createdAt"), Column.of("bytes", "sizeBytes"),
                Column.of("restore", "lastRestore.state"), Column.of("into", "lastRestore.target"));
    }

    @Override
    protected Resource resource() {
        return of("-");
    }

    @Override
    protected Map<String, Verb> verbs() {
        Map<String, Verb> verbs = new LinkedHashMap<>();
        verbs.put("create", new Create());
        verbs.put("list", new List());
        verbs.put("show", new Show());
        verbs.put("restore", new Restore());
        verbs.put("delete", new Delete());
        return verbs;
    }

    /** Polls a backup until {@code field} leaves {@code moving}; exit 0 when it ends complete. */
    static int await(Verb verb, Api api, Resource backups, String id, String field, String moving, long timeoutSeconds, Output output,
                     java.io.PrintWriter out, dev.berth.cli.Cli cli) {
        Progress progress = new Progress(cli);
        long deadline = timeoutSeconds > 0 ? System.nanoTime() + timeoutSeconds * 1_000_000_000L : Long.MAX_VALUE;
        while (true) {
            JsonNode backup = api.get(backups.itemPath(id)).body();
            String state = dev.berth.cli.Json.at(backup, field).asText();
            if (!state.equals(moving)) {
                progress.clear();
                new Printer(out, output.format(), backups).row(backup);
                return state.equals("complete") ? ExitCode.OK : ExitCode.FAILURE;
            }
            if (System.nanoTime() > deadline) {
                progress.clear();
                throw new CliException(ExitCode.FAILURE, "backup " + id + " is still " + moving + " after " + timeoutSeconds + "s");
            }
            progress.show(id + ": " + state);
            cli.sleep(cli.pollInterval());
        }
    }

    static final class Create extends Verb {
        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "INSTANCE", description = "The instance's id (the site's, with --site)")
        String instance;

        @Option(names = "--site", description = "INSTANCE is a Drupal site: its database and files")
        boolean site;

        @Option(names = "--wait", description = "Wait until it is complete (exit 0) or failed (exit 1)")
        boolean await;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up waiting after this long (exit 1)")
        long timeoutSeconds;

        @Override
        public String description() {
            return "Back up every database of the instance now (202; --wait)";
        }

        @Override
        protected int run() {
            Resource backups = of(instance, site);
            JsonNode started = api().post(backups.path(), null).body();
            if (await) {
                return BackupsCommand.await(this, api(), backups, started.path("id").asText(), "state", "pending", timeoutSeconds, output, out(), cli());
            }
            new Printer(out(), output.format(), backups).row(started);
            return 0;
        }
    }

    static final class List extends Verb {
        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "INSTANCE", description = "The instance's id (the site's, with --site)")
        String instance;

        @Option(names = "--site", description = "INSTANCE is a Drupal site: its database and files")
        boolean site;

        @Override
        public String description() {
            return "List an instance's backups, newest first";
        }

        @Override
        protected int run() {
            new Printer(out(), output.format(), of(instance, site)).list(api().get(of(instance, site).path()).body());
            return 0;
        }
    }

    static final class Show extends Verb {
        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "INSTANCE", description = "The instance's id (the site's, with --site)")
        String instance;

        @Option(names = "--site", description = "INSTANCE is a Drupal site: its database and files")
        boolean site;

        @Parameters(index = "1", paramLabel = "BACKUP", description = "The backup's id")
        String id;

        @Override
        public String description() {
            return "One backup: its files, sizes, checksums and last restore";
        }

        @Override
        protected int run() {
            new Printer(out(), output.format(), of(instance, site)).details(api().get(of(instance, site).itemPath(id)).body());
            return 0;
        }
    }

    static final class Restore extends Verb {
        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "INSTANCE", description = "The instance's id (the site's, with --site)")
        String instance;

        @Option(names = "--site", description = "INSTANCE is a Drupal site: its database and files")
        boolean site;

        @Parameters(index = "1", paramLabel = "BACKUP", description = "The backup's id")
        String id;

        @Option(names = "--wait", description = "Wait until the restore is complete (exit 0) or failed (exit 1)")
        boolean await;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up waiting after this long (exit 1)")
        long timeoutSeconds;

        @Option(names = "--force", description = "If the instance changed since it was read, restore anyway")
        boolean force;

        @Override
        public String description() {
            return "Replace the instance's databases with the backup's (with If-Match on the instance; --wait); --site: into a site that is down";
        }

        @Override
        protected int run() {
            Api api = api();
            Resource backups = of(instance, site);
            JsonNode answer = IfMatch.write(cli(), api, site ? SitesCommand.SITES : InstancesCommand.INSTANCES, instance, force,
                    etag -> api.send("POST", backups.itemPath(id) + "/restore", null, null, etag)).body();
            if (await && site) {
                // A site's restore ends when the site is installed again (its database first, then its files).
                JsonNode settled = SitesCommand.awaitSite(cli(), api, instance, timeoutSeconds,
                        SitesCommand.unsettled(answer == null ? "" : answer.path("failureReason").asText("")));
                return SitesCommand.outcome(cli(), instance, settled, "installed");
            }
            if (await) {
                return BackupsCommand.await(this, api, backups, id, "lastRestore.state", "running", timeoutSeconds, output, out(), cli());
            }
            new Printer(out(), output.format(), backups).row(api.get(backups.itemPath(id)).body());
            return 0;
        }
    }

    static final class Delete extends Verb {
        @Parameters(index = "0", paramLabel = "INSTANCE", description = "The instance's id (the site's, with --site)")
        String instance;

        @Option(names = "--site", description = "INSTANCE is a Drupal site: its database and files")
        boolean site;

        @Parameters(index = "1", paramLabel = "BACKUP", description = "The backup's id")
        String id;

        @Override
        public String description() {
            return "Delete a backup's files and record (with If-Match)";
        }

        @Override
        protected int run() {
            Api api = api();
            Resource backups = of(instance, site);
            IfMatch.write(cli(), api, backups, id, false, etag -> api.send("DELETE", backups.itemPath(id), null, null, etag));
            out().println("backup " + id + " deleted");
            return 0;
        }
    }
}
