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
import dev.berth.cli.resource.IfMatch;
import dev.berth.cli.resource.ListVerb;
import dev.berth.cli.resource.Printer;
import dev.berth.cli.resource.Resource;
import dev.berth.cli.resource.ResourceCommand;
import dev.berth.cli.resource.ShowVerb;
import dev.berth.cli.resource.Verb;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "appservers", description = "App servers: the VMs that serve an instance; launch, log, blue/green, terminate")
public final class AppServersCommand extends ResourceCommand {
    static final Resource APP_SERVERS = new Resource("app server", "app servers", "/api/v1/appservers",
            Column.of("id"), Column.of("instance", "instanceId"), Column.of("status"), Column.of("active"),
            Column.of("ipv4", "vm.ipv4"), Column.of("created", "createdAt"), Column.of("failureReason"));
    /** Where a launch stops moving on its own. */
    static final Set<String> SETTLED = Set.of("running", "failed", "error", "terminated");

    @Override
    protected Resource resource() {
        return APP_SERVERS;
    }

    @Override
    protected Map<String, Verb> verbs() {
        Map<String, Verb> verbs = new LinkedHashMap<>();
        verbs.put("launch", new Launch());
        verbs.put("list", new ListOfInstance());
        verbs.put("show", new ShowVerb(APP_SERVERS));
        verbs.put("logs", new Logs());
        verbs.put("cost", new Cost());
        verbs.put("activate", new Operation("activate", "Put it behind the load balancer (only a running one)"));
        verbs.put("deactivate", new Operation("deactivate", "Take it out of the load balancer"));
        verbs.put("terminate", new Terminate());
        return verbs;
    }

    static final class ListOfInstance extends ListVerb {
        @Parameters(index = "0", paramLabel = "INSTANCE", description = "The instance's id")
        String instance;

        ListOfInstance() {
            super(APP_SERVERS);
        }

        @Override
        public String description() {
            return "List an instance's app servers, newest first";
        }

        @Override
        protected String path() {
            return InstancesCommand.INSTANCES.itemPath(instance) + "/appservers";
        }
    }

    static final class Launch extends Verb {
        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "INSTANCE", description = "The instance's id")
        String instance;

        @Option(names = "--follow", description = "Then stream its deployment log until it is running (exit 0), failed or error (exit 1)")
        boolean follow;

        @Option(names = "--wait", description = "Then wait until it is running (exit 0), failed or error (exit 1)")
        boolean await;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up waiting after this long (exit 1); default: no limit")
        long timeoutSeconds;

        @Option(names = "--allow-release-change",
                description = "Consent to run another release than the instance's active servers (an upgrade migrates its databases)")
        boolean allowReleaseChange;

        @Override
        public String description() {
            return "Launch a new app server from the instance's current settings (202; --follow, --wait)";
        }

        @Override
        protected int run() {
            Api api = api();
            JsonNode launched = api.post(InstancesCommand.INSTANCES.itemPath(instance) + "/appservers",
                    allowReleaseChange ? Json.MAPPER.createObjectNode().put("allowReleaseChange", true) : null).body();
            String id = launched.path("id").asText();
            if (follow) {
                cli().err().println("launched app server " + id + "; its log:");
                return followLog(cli(), api, id, true, output.format(), timeoutSeconds);
            }
            if (await) {
                JsonNode settled = awaitStatus(cli(), api, id, SETTLED, timeoutSeconds);
                new Printer(out(), output.format(), APP_SERVERS).row(settled);
                return outcome(cli(), settled);
            }
            new Printer(out(), output.format(), APP_SERVERS).row(launched);
            return 0;
        }
    }

    static final class Cost extends Verb {
        static final Resource COST = new Resource("launch cost", "launch costs", "/api/v1/appservers",
                Column.of("appServer", "appServerId"), Column.of("transitions", "usage.stateTransitions"),
                Column.of("lambdaGbSeconds", "usage.lambdaGbSeconds"), Column.of("readUnits", "usage.dynamoDbReadUnits"),
                Column.of("writeUnits", "usage.dynamoDbWriteUnits"), Column.of("dollars", "dollars.total"), Column.of("excludes"));

        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "ID", description = "The app server's id")
        String id;

        @Override
        public String description() {
            return "What its launch cost the control plane, at AWS's prices (the VM excluded)";
        }

        @Override
        protected int run() {
            new Printer(out(), output.format(), COST).details(api().get(APP_SERVERS.itemPath(id) + "/cost").body());
            return 0;
        }
    }

    static final class Logs extends Verb {
        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "ID", description = "The app server's id")
        String id;

        @Option(names = {"--follow", "-f"}, description = "Keep reading until it is running (exit 0), failed or error (exit 1)")
        boolean follow;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "With --follow: give up after this long (exit 1); default: no limit")
        long timeoutSeconds;

        @Override
        public String description() {
            return "Print an app server's deployment log (--follow: tail it until the launch settles)";
        }

        @Override
        protected int run() {
            return followLog(cli(), api(), id, follow, output.format(), timeoutSeconds);
        }
    }

    static class Operation extends Verb {
        private final String operation;
        private final String description;

        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "ID", description = "The app server's id")
        String id;

        @Option(names = "--force", description = "If it changed since it was read, do it anyway on the current version")
        boolean force;

        Operation(String operation, String description) {
            this.operation = operation;
            this.description = description;
        }

        @Override
        public String description() {
            return description + " (with If-Match)";
        }

        @Override
        protected int run() {
            Api api = api();
            JsonNode result = IfMatch.write(cli(), api, APP_SERVERS, id, force,
                    etag -> api.send("POST", APP_SERVERS.itemPath(id) + "/" + operation, null, null, etag)).body();
            new Printer(out(), output.format(), APP_SERVERS).row(after(api, result));
            return 0;
        }

        /** What to print: the API's answer, or (terminate --wait) the record once it is done. */
        JsonNode after(Api api, JsonNode answer) {
            return answer;
        }
    }

    static final class Terminate extends Operation {
        @Option(names = "--wait", description = "Wait until it is terminated")
        boolean await;

        Terminate() {
            super("terminate", "Delete its VM (refused while it is active)");
        }

        @Override
        JsonNode after(Api api, JsonNode answer) {
            return await ? awaitStatus(cli(), api, id, Set.of("terminated"), 0) : answer;
        }
    }

    /**
     * Reads the log from the start with the {@code ?after=} cursor. Without {@code follow}, what
     * there is; with it, on until the log is complete (the server settled), then 0 for running, 1
     * for failed, error or terminated.
     */
    static int followLog(Cli cli, Api api, String id, boolean follow, Format format, long timeoutSeconds) {
        PrintWriter out = cli.out();
        Progress progress = new Progress(cli);
        long deadline = timeoutSeconds > 0 ? System.nanoTime() + timeoutSeconds * 1_000_000_000L : Long.MAX_VALUE;
        String logPath = APP_SERVERS.itemPath(id) + "/logs";
        String cursor = "0";
        String status;
        ObjectNode collected = null;
        while (true) {
            JsonNode page = api.get(logPath + Api.query(Map.of("after", cursor))).body();
            JsonNode items = page.path("items");
            if (!follow && format == Format.JSON) {
                if (collected == null) {
                    collected = page.deepCopy();
                } else {
                    ((ArrayNode) collected.withArray("items")).addAll((ArrayNode) items);
                    collected.set("nextCursor", page.get("nextCursor"));
                    collected.set("status", page.get("status"));
                    collected.set("complete", page.get("complete"));
                }
            } else {
                if (items.size() > 0) {
                    progress.clear();
                }
                for (JsonNode item : items) {
                    out.println(format == Format.JSON ? Json.compact(item) : item.path("text").asText());
                }
                out.flush();
            }
            cursor = page.path("nextCursor").asText(cursor);
            status = page.path("status").asText();
            boolean complete = page.path("complete").asBoolean();
            if (!follow) {
                if (items.isEmpty() || complete) {
                    break;
                }
                continue;
            }
            if (complete) {
                break;
            }
            if (items.isEmpty() || !SETTLED.contains(status)) {
                if (System.nanoTime() > deadline) {
                    progress.clear();
                    throw new CliException(ExitCode.FAILURE, "app server " + id + " is still " + status + " after " + timeoutSeconds + "s");
                }
                progress.show(id + ": " + status);
                cli.sleep(cli.pollInterval());
            }
        }
        progress.clear();
        if (collected != null) {
            out.println(Json.pretty(collected));
        }
        if (!follow) {
            return 0;
        }
        return outcome(cli, api.get(APP_SERVERS.itemPath(id)).body());
    }

    /** Polls the app server (with a progress line on a terminal) until its status is one of {@code statuses}. */
    static JsonNode awaitStatus(Cli cli, Api api, String id, Set<String> statuses, long timeoutSeconds) {
        Progress progress = new Progress(cli);
        long deadline = timeoutSeconds > 0 ? System.nanoTime() + timeoutSeconds * 1_000_000_000L : Long.MAX_VALUE;
        while (true) {
            JsonNode server = api.get(APP_SERVERS.itemPath(id)).body();
            String status = server.path("status").asText();
            if (statuses.contains(status)) {
                progress.clear();
                return server;
            }
            if (System.nanoTime() > deadline) {
                progress.clear();
                throw new CliException(ExitCode.FAILURE, "app server " + id + " is still " + status + " after " + timeoutSeconds + "s");
            }
            progress.show(id + ": " + status);
            cli.sleep(cli.pollInterval());
        }
    }

    /** 0 for a running server; else 1, saying how it ended. */
    static int outcome(Cli cli, JsonNode server) {
        String status = server.path("status").asText();
        if (status.equals("running")) {
            cli.err().println("app server " + server.path("id").asText() + " is running");
            return ExitCode.OK;
        }
        String reason = server.path("failureReason").asText("");
        cli.err().println("berth: app server " + server.path("id").asText() + " is " + status
                + (reason.isEmpty() ? "" : ": " + reason.lines().findFirst().orElse("")));
        return ExitCode.FAILURE;
    }
}
