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
import dev.berth.cli.resource.DeleteVerb;
import dev.berth.cli.resource.IfMatch;
import dev.berth.cli.resource.ListVerb;
import dev.berth.cli.resource.Printer;
import dev.berth.cli.resource.Resource;
import dev.berth.cli.resource.ResourceCommand;
import dev.berth.cli.resource.SetVerb;
import dev.berth.cli.resource.SecretVerbs;
import dev.berth.cli.resource.ShowVerb;
import dev.berth.cli.resource.Verb;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "services", description = "Container services: define, secrets, launch blue and green on docker nodes, promote, build, logs")
public final class ServicesCommand extends ResourceCommand {
    static final Resource SERVICES = new Resource("service", "services", "/api/v1/services",
            Column.of("name"), Column.of("image"), Column.of("production"), Column.of("blue", "colours.blue.status"),
            Column.of("green", "colours.green.status")) {
        @Override
        public String idField() {
            return "name";
        }
    };
    static final Set<String> COLOURS = Set.of("blue", "green");
    /** A colour's statuses while a state machine works on it. */
    static final Set<String> MOVING = Set.of("launching", "redeploying", "terminating");

    @Override
    protected Resource resource() {
        return SERVICES;
    }

    @Override
    protected Map<String, Verb> verbs() {
        Map<String, Verb> verbs = new LinkedHashMap<>();
        verbs.put("list", new ListVerb(SERVICES));
        verbs.put("show", new Show());
        verbs.put("create", new Create());
        verbs.put("set", new Change());
        verbs.put("delete", new Delete());
        SecretVerbs.addTo(verbs, SERVICES);
        verbs.put("launch", new Launch());
        verbs.put("redeploy", new Redeploy());
        verbs.put("terminate", new Terminate());
        verbs.put("promote", new Promote());
        verbs.put("build", new Build());
        verbs.put("logs", new Logs());
        verbs.put("dump", new Dump());
        verbs.put("dumps", new Dumps());
        verbs.put("restore", new Restore());
        return verbs;
    }

    static final class Show extends ShowVerb {
        Show() {
            super(SERVICES);
        }

        @Override
        public String description() {
            return "Show one service: its definition, secret names (never values), colours, production and hostnames";
        }
    }

    static final class Change extends SetVerb {
        Change() {
            super(SERVICES);
        }

        @Override
        public String description() {
            return "Change a service's definition (a JSON merge patch, with If-Match; new containers use it)";
        }
    }

    static final class Delete extends DeleteVerb {
        Delete() {
            super(SERVICES);
        }

        @Override
        public String description() {
            return "Delete a service (with If-Match); refused (exit 4) while a colour runs";
        }
    }

    static final class Create extends CreateVerb {
        @Option(names = "--name", paramLabel = "NAME", description = "Its name, unique")
        String name;

        @Option(names = "--kind", paramLabel = "KIND", description = "container (default) or postgresql")
        String kind;

        @Option(names = "--image", paramLabel = "IMAGE", description = "The image, e.g. registry.example.com/app:1.0")
        String image;

        @Option(names = "--port", paramLabel = "CONTAINER:HOST", description = "A port map, repeatable (replaces the file's ports)")
        List<String> ports;

        @Option(names = "--env", paramLabel = "KEY=VALUE", description = "An environment variable, repeatable (the value keeps any further '='); "
                + "secrets go through secret-set, never here")
        List<String> env;

        @Option(names = "--volume", paramLabel = "NAME:/PATH", description = "A named volume and where it is mounted, repeatable (replaces the file's volumes)")
        List<String> volumes;

        @Option(names = "--health-path", paramLabel = "PATH", description = "What answers 200 when the container is healthy (default /)")
        String healthPath;

        @Option(names = "--production-host", paramLabel = "HOST", description = "The production hostname")
        String productionHost;

        @Option(names = "--staging-host", paramLabel = "HOST", description = "The staging hostname")
        String stagingHost;

        Create() {
            super(SERVICES);
        }

        @Override
        public String description() {
            return "Define a service: --json FILE, or --name --image --port C:H --env K=V --volume N:/P --health-path --production-host --staging-host";
        }

        @Override
        protected void addFields(ObjectNode body) {
            putText(body, "name", name);
            putText(body, "kind", kind);
            putText(body, "image", image);
            if (ports != null) {
                ArrayNode array = body.putArray("ports");
                ports.forEach(p -> array.add(port(p)));
            }
            if (env != null) {
                ObjectNode object = body.get("env") instanceof ObjectNode existing ? existing : body.putObject("env");
                env.forEach(e -> {
                    String[] pair = env(e);
                    object.put(pair[0], pair[1]);
                });
            }
            if (volumes != null) {
                ArrayNode array = body.putArray("volumes");
                volumes.forEach(v -> array.add(volume(v)));
            }
            putText(body, "healthPath", healthPath);
            putText(body, "productionHost", productionHost);
            putText(body, "stagingHost", stagingHost);
        }

        private static void putText(ObjectNode body, String field, String value) {
            if (value != null) {
                body.put(field, value);
            }
        }
    }

    /** {@code CONTAINER:HOST} → {@code {"container", "host"}}. */
    static ObjectNode port(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 2) {
            throw new CliException(ExitCode.USAGE, "--port '" + text + "' is not CONTAINER:HOST (e.g. 8080:30080)");
        }
        return Json.MAPPER.createObjectNode().put("container", portNumber(text, parts[0])).put("host", portNumber(text, parts[1]));
    }

    private static int portNumber(String text, String part) {
        try {
            int port = Integer.parseInt(part.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new CliException(ExitCode.USAGE, "--port '" + text + "': '" + part + "' is not a port (1-65535)");
    }

    /** {@code KEY=VALUE}, split at the first '=': {@code FOO=a=b} is FOO with the value a=b. */
    static String[] env(String text) {
        int equals = text.indexOf('=');
        if (equals <= 0) {
            throw new CliException(ExitCode.USAGE, "--env '" + text + "' is not KEY=VALUE");
        }
        return new String[] {text.substring(0, equals), text.substring(equals + 1)};
    }

    /** {@code NAME:/PATH} → {@code {"name", "path"}}. */
    static ObjectNode volume(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || text.charAt(colon + 1) != '/') {
            throw new CliException(ExitCode.USAGE, "--volume '" + text + "' is not NAME:/PATH (e.g. data:/var/lib/app)");
        }
        return Json.MAPPER.createObjectNode().put("name", text.substring(0, colon)).put("path", text.substring(colon + 1));
    }

    /** A verb on one colour of a service: {@code NAME COLOUR}, or {@code NAME --colour COLOUR}. */
    abstract static class ColourVerb extends Verb {
        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "NAME", description = "The service")
        String name;

        @Parameters(index = "1", arity = "0..1", paramLabel = "COLOUR", description = "blue or green")
        String colourArgument;

        @Option(names = "--colour", paramLabel = "COLOUR", description = "blue or green (instead of the COLOUR argument)")
        String colourOption;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "With --wait or --follow: give up after this long (exit 1); default: no limit")
        long timeoutSeconds;

        String colour() {
            if (colourArgument != null && colourOption != null && !colourArgument.equals(colourOption)) {
                throw new CliException(ExitCode.USAGE, "two colours: " + colourArgument + " and --colour " + colourOption);
            }
            String colour = colourArgument != null ? colourArgument : colourOption;
            if (colour == null) {
                throw new CliException(ExitCode.USAGE, "which colour? give blue or green (or --colour)");
            }
            if (!COLOURS.contains(colour)) {
                throw new CliException(ExitCode.USAGE, "'" + colour + "' is not a colour: blue or green");
            }
            return colour;
        }

        String colourPath(String colour) {
            return SERVICES.itemPath(name) + "/colours/" + colour;
        }

        void print(JsonNode service) {
            new Printer(out(), output.format(), SERVICES).row(service);
        }

        /** Polls the service until {@code done} holds; a progress line shows the colour's status meanwhile. */
        JsonNode await(Api api, String colour, Predicate<JsonNode> done) {
            return awaitService(cli(), api, name, colour, timeoutSeconds, done);
        }

        /** 0 when the colour runs without a failure; else 1, saying why. */
        int outcome(JsonNode service, String colour, String expected) {
            JsonNode state = service.path("colours").path(colour);
            String status = state.path("status").asText();
            String reason = state.path("failureReason").asText("");
            if (status.equals(expected) && reason.isEmpty()) {
                cli().err().println(colour + " of " + name + " is " + status);
                return ExitCode.OK;
            }
            cli().err().println("berth: " + colour + " of " + name + " is " + status + (reason.isEmpty() ? "" : ": " + reason.lines().findFirst().orElse("")));
            return ExitCode.FAILURE;
        }
    }

    static JsonNode awaitService(Cli cli, Api api, String name, String colour, long timeoutSeconds, Predicate<JsonNode> done) {
        Progress progress = new Progress(cli);
        long deadline = timeoutSeconds > 0 ? System.nanoTime() + timeoutSeconds * 1_000_000_000L : Long.MAX_VALUE;
        while (true) {
            JsonNode service = api.get(SERVICES.itemPath(name)).body();
            if (done.test(service)) {
                progress.clear();
                return service;
            }
            String status = colour == null ? "production " + service.path("production").asText("none")
                    : colour + " " + service.path("colours").path(colour).path("status").asText("-");
            if (System.nanoTime() > deadline) {
                progress.clear();
                throw new CliException(ExitCode.FAILURE, "service " + name + ": " + status + " after " + timeoutSeconds + "s");
            }
            progress.show(name + ": " + status);
            cli.sleep(cli.pollInterval());
        }
    }

    static String colourStatus(JsonNode service, String colour) {
        return service.path("colours").path(colour).path("status").asText("");
    }

    /** A postgresql service's database verbs: which service, and optionally which colour. */
    abstract static class DatabaseVerb extends Verb {
        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "NAME", description = "The postgresql service")
        String name;

        @Option(names = "--wait", description = "Wait until it is complete (exit 0) or failed (exit 1)")
        boolean await;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up waiting after this long (exit 1)")
        long timeoutSeconds;

        ObjectNode colour(String colour) {
            if (colour != null && !COLOURS.contains(colour)) {
                throw new CliException(ExitCode.USAGE, "'" + colour + "' is not a colour: blue or green");
            }
            ObjectNode body = Json.MAPPER.createObjectNode();
            return colour == null ? body : body.put("colour", colour);
        }

        int settle(Api api, JsonNode backup, String field, String moving) {
            Resource dumps = BackupsCommand.ofService(name);
            if (await) {
                return BackupsCommand.await(this, api, dumps, backup.path("id").asText(), field, moving, timeoutSeconds, output, out(), cli());
            }
            new Printer(out(), output.format(), dumps).row(backup);
            return 0;
        }
    }

    static final class Dump extends DatabaseVerb {
        @Option(names = "--colour", paramLabel = "COLOUR", description = "The colour to dump (default: production, or the only running one)")
        String colour;

        @Override
        public String description() {
            return "Dump a postgresql service's database to the data tier's backups (202; --wait)";
        }

        @Override
        protected int run() {
            Api api = api();
            return settle(api, api.post(SERVICES.itemPath(name) + "/database/dump", colour(colour)).body(), "state", "pending");
        }
    }

    static final class Dumps extends Verb {
        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "NAME", description = "The postgresql service")
        String name;

        @Override
        public String description() {
            return "A postgresql service's dumps, newest first";
        }

        @Override
        protected int run() {
            Resource dumps = BackupsCommand.ofService(name);
            new Printer(out(), output.format(), dumps).list(api().get(dumps.path()).body());
            return 0;
        }
    }

    static final class Restore extends DatabaseVerb {
        @Parameters(index = "1", paramLabel = "BACKUP", description = "The dump's id")
        String backupId;

        @Option(names = "--colour", paramLabel = "COLOUR", description = "The colour to restore into (default: production)")
        String colour;

        @Option(names = "--force", description = "If the service changed since it was read, restore anyway")
        boolean force;

        @Override
        public String description() {
            return "Restore one of the service's dumps into a colour, its roles created first (with If-Match; 202; --wait)";
        }

        @Override
        protected int run() {
            Api api = api();
            ObjectNode body = colour(colour).put("backupId", backupId);
            JsonNode answer = IfMatch.write(cli(), api, SERVICES, name, force,
                    etag -> api.send("POST", SERVICES.itemPath(name) + "/database/restore", body, "application/json", etag)).body();
            return settle(api, answer, "lastRestore.state", "running");
        }
    }

    static final class Launch extends ColourVerb {
        @Option(names = "--node", required = true, paramLabel = "NODE", description = "The id of a ready docker node (not the other colour's)")
        String node;

        @Option(names = "--wait", description = "Then wait until the colour is running (exit 0) or failed (exit 1)")
        boolean await;

        @Override
        public String description() {
            return "Pull and run a colour's container on a node (202; --wait); refused (exit 4) on the other colour's node";
        }

        @Override
        protected int run() {
            String colour = colour();
            Api api = api();
            JsonNode answer = api.post(colourPath(colour) + "/launch", Json.MAPPER.createObjectNode().put("node", node)).body();
            if (!await) {
                print(answer);
                return 0;
            }
            JsonNode settled = await(api, colour, s -> !colourStatus(s, colour).equals("launching"));
            print(settled);
            return outcome(settled, colour, "running");
        }
    }

    static final class Redeploy extends ColourVerb {
        @Option(names = "--wait", description = "Then wait until the new container runs (exit 0) or the redeploy failed and the old one serves on (exit 1)")
        boolean await;

        @Override
        public String description() {
            return "A new container for a colour beside the old one; routes move once it is healthy (202; --wait)";
        }

        @Override
        protected int run() {
            String colour = colour();
            Api api = api();
            JsonNode answer = api.post(colourPath(colour) + "/redeploy", null).body();
            if (!await) {
                print(answer);
                return 0;
            }
            String before = answer.path("colours").path(colour).path("container").asText("");
            JsonNode settled = await(api, colour, s -> {
                JsonNode state = s.path("colours").path(colour);
                String status = state.path("status").asText();
                return state.path("failureReason").isTextual() && !status.equals("redeploying")
                        || status.equals("running") && !state.path("container").asText("").equals(before)
                        || !status.equals("running") && !status.equals("redeploying");
            });
            print(settled);
            return outcome(settled, colour, "running");
        }
    }

    static final class Terminate extends ColourVerb {
        @Option(names = "--wait", description = "Then wait until the colour is terminated")
        boolean await;

        @Option(names = "--force", description = "If the service changed since it was read, terminate anyway")
        boolean force;

        @Override
        public String description() {
            return "Remove a colour's container (with If-Match; 202; --wait); refused (exit 4) for the production colour";
        }

        @Override
        protected int run() {
            String colour = colour();
            Api api = api();
            JsonNode answer = IfMatch.write(cli(), api, SERVICES, name, force,
                    etag -> api.send("POST", colourPath(colour) + "/terminate", null, null, etag)).body();
            if (!await) {
                print(answer);
                return 0;
            }
            JsonNode settled = await(api, colour, s -> !colourStatus(s, colour).equals("terminating"));
            print(settled);
            return outcome(settled, colour, "terminated");
        }
    }

    static final class Promote extends ColourVerb {
        @Option(names = "--wait", description = "Then wait until production names the colour (exit 0); with --timeout, keep watching that long "
                + "for the health gate's rollback (exit 1 if production goes back)")
        boolean await;

        @Option(names = "--force", description = "If the service changed since it was read, promote anyway")
        boolean force;

        @Override
        public String description() {
            return "Point the production hostname at a colour (with If-Match; health-gated, rolled back if the gate fails; 202; --wait)";
        }

        @Override
        protected int run() {
            String colour = colour();
            Api api = api();
            ObjectNode body = Json.MAPPER.createObjectNode().put("colour", colour);
            JsonNode answer = IfMatch.write(cli(), api, SERVICES, name, force,
                    etag -> api.send("POST", SERVICES.itemPath(name) + "/promote", body, "application/json", etag)).body();
            if (!await) {
                print(answer);
                return 0;
            }
            // The answer already names the colour as production; the health gate may set it back.
            // The API says nothing when the gate passed, so the watch lasts --timeout (without it: one look).
            long deadline = System.nanoTime() + Math.max(0, timeoutSeconds) * 1_000_000_000L;
            Progress progress = new Progress(cli());
            JsonNode current;
            while (true) {
                current = api.get(SERVICES.itemPath(name)).body();
                if (!colour.equals(current.path("production").asText(null))) {
                    progress.clear();
                    print(current);
                    cli().err().println("berth: " + name + " did not keep " + colour + " in production (its health gate failed, or another "
                            + "promotion followed): production is " + current.path("production").asText("none"));
                    return ExitCode.FAILURE;
                }
                if (timeoutSeconds <= 0 || System.nanoTime() - deadline >= 0) {
                    break;
                }
                progress.show(name + ": production " + colour + ", watching the health gate");
                cli().sleep(cli().pollInterval());
            }
            progress.clear();
            print(current);
            cli().err().println(colour + " of " + name + " is production");
            return ExitCode.OK;
        }
    }

    static final class Build extends ColourVerb {
        @Option(names = "--git-url", required = true, paramLabel = "URL", description = "The repository to clone")
        String gitUrl;

        @Option(names = "--commit", required = true, paramLabel = "SHA", description = "The commit to build (7 to 40 hex digits)")
        String commit;

        @Option(names = "--wait", description = "Then wait until the build is recorded (exit 0) or its command failed in the colour's log (exit 1)")
        boolean await;

        @Override
        public String description() {
            return "Build the image from a commit, tag it :COLOUR and :COMMIT, push both (202; --wait)";
        }

        @Override
        protected int run() {
            String colour = colour();
            Api api = api();
            String logCursor = await ? lastCursor(api, colourPath(colour) + "/logs") : null;
            ObjectNode body = Json.MAPPER.createObjectNode().put("colour", colour).put("gitUrl", gitUrl).put("commit", commit);
            JsonNode answer = api.post(SERVICES.itemPath(name) + "/builds", body).body();
            if (!await) {
                print(answer);
                return 0;
            }
            String builtBefore = answer.path("colours").path(colour).path("build").path("builtAt").asText("");
            String marker = "berth-builds/" + name + "-" + commit;
            Progress progress = new Progress(cli());
            long deadline = timeoutSeconds > 0 ? System.nanoTime() + timeoutSeconds * 1_000_000_000L : Long.MAX_VALUE;
            boolean inBuild = false;
            String cursor = logCursor;
            while (true) {
                JsonNode service = api.get(SERVICES.itemPath(name)).body();
                JsonNode build = service.path("colours").path(colour).path("build");
                if (build.path("commit").asText("").equals(commit) && !build.path("builtAt").asText("").equals(builtBefore)) {
                    progress.clear();
                    print(service);
                    cli().err().println("built " + name + ":" + colour + " and :" + commit);
                    return ExitCode.OK;
                }
                // A failed build is not recorded on the service: its command's exit status in the colour's log says so.
                JsonNode page = api.get(colourPath(colour) + "/logs" + Api.query(Map.of("after", cursor))).body();
                for (JsonNode line : page.path("items")) {
                    String text = line.path("text").asText();
                    if (text.startsWith("$ ")) {
                        inBuild = text.contains(marker);
                    } else if (inBuild && text.matches("\\(exit [1-9][0-9]*\\)")) {
                        progress.clear();
                        print(service);
                        cli().err().println("berth: the build of " + name + " at " + commit + " failed " + text + "; see berth services logs "
                                + name + " " + colour);
                        return ExitCode.FAILURE;
                    }
                }
                cursor = page.path("nextCursor").asText(cursor);
                if (System.nanoTime() > deadline) {
                    progress.clear();
                    throw new CliException(ExitCode.FAILURE, "the build of " + name + " at " + commit + " is not done after " + timeoutSeconds + "s");
                }
                progress.show(name + ": building " + commit);
                cli().sleep(cli().pollInterval());
            }
        }
    }

    /** The cursor after the last line of a log (reads it to the end). */
    static String lastCursor(Api api, String logPath) {
        String cursor = "0";
        while (true) {
            JsonNode page = api.get(logPath + Api.query(Map.of("after", cursor))).body();
            String next = page.path("nextCursor").asText(cursor);
            if (page.path("items").isEmpty() || next.equals(cursor)) {
                return cursor;
            }
            cursor = next;
        }
    }

    static final class Logs extends ColourVerb {
        @Option(names = {"--follow", "-f"}, description = "Keep reading while the colour is launching, redeploying or terminating; "
                + "exit 0 once it settles, 1 if it failed")
        boolean follow;

        @Override
        public String description() {
            return "Print a colour's operation log: commands and their output, never a secret (--follow: tail it until the colour settles)";
        }

        @Override
        protected int run() {
            String colour = colour();
            Api api = api();
            PrintWriter out = out();
            Progress progress = new Progress(cli());
            long deadline = timeoutSeconds > 0 ? System.nanoTime() + timeoutSeconds * 1_000_000_000L : Long.MAX_VALUE;
            String logPath = colourPath(colour) + "/logs";
            String cursor = "0";
            ObjectNode collected = null;
            while (true) {
                // The service first: a colour that has settled has written its whole log before this page is read.
                JsonNode service = follow ? api.get(SERVICES.itemPath(name)).body() : null;
                JsonNode page = api.get(logPath + Api.query(Map.of("after", cursor))).body();
                JsonNode items = page.path("items");
                if (!follow && output.format() == Format.JSON) {
                    if (collected == null) {
                        collected = page.deepCopy();
                    } else {
                        ((ArrayNode) collected.withArray("items")).addAll((ArrayNode) items);
                        collected.set("nextCursor", page.get("nextCursor"));
                    }
                } else {
                    if (!items.isEmpty()) {
                        progress.clear();
                    }
                    for (JsonNode item : items) {
                        out.println(output.format() == Format.JSON ? Json.compact(item) : item.path("text").asText());
                    }
                    out.flush();
                }
                String next = page.path("nextCursor").asText(cursor);
                boolean more = !items.isEmpty() && !Objects.equals(next, cursor);
                cursor = next;
                if (more) {
                    continue;
                }
                if (!follow) {
                    break;
                }
                String status = colourStatus(service, colour);
                if (!MOVING.contains(status)) {
                    progress.clear();
                    return outcome(service, colour, status.equals("terminated") ? "terminated" : "running");
                }
                if (System.nanoTime() > deadline) {
                    progress.clear();
                    throw new CliException(ExitCode.FAILURE, colour + " of " + name + " is still " + status + " after " + timeoutSeconds + "s");
                }
                progress.show(name + " " + colour + ": " + status);
                cli().sleep(cli().pollInterval());
            }
            if (collected != null) {
                out.println(Json.pretty(collected));
            }
            return 0;
        }
    }
}
