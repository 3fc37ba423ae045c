package dev.berth.cli.nouns;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "nodes", description = "Nodes: VMs for container services (role docker) and Drupal web servers (role web); create, list, destroy")
public final class NodesCommand extends ResourceCommand {
    static final Resource NODES = new Resource("node", "nodes", "/api/v1/nodes",
            Column.of("id"), Column.of("name"), Column.of("role"), Column.of("size"), Column.of("status"), Column.of("address"),
            Column.of("created", "createdAt"), Column.of("failureReason"));

    /** The roles a node may have. */
    public enum Role {
        docker, web
    }

    @Override
    protected Resource resource() {
        return NODES;
    }

    @Override
    protected Map<String, Verb> verbs() {
        Map<String, Verb> verbs = new LinkedHashMap<>();
        verbs.put("list", new ListOfRole());
        verbs.put("show", new ShowVerb(NODES));
        verbs.put("create", new Create());
        verbs.put("destroy", new Destroy());
        return verbs;
    }

    static final class ListOfRole extends ListVerb {
        @Option(names = "--role", paramLabel = "ROLE", description = "Only this role: ${COMPLETION-CANDIDATES}")
        Role role;

        ListOfRole() {
            super(NODES);
        }

        @Override
        public String description() {
            return "List nodes by name (--role docker|web)";
        }

        @Override
        protected Map<String, String> query() {
            Map<String, String> query = super.query();
            query.put("role", role == null ? null : role.name());
            return query;
        }
    }

    static final class Create extends CreateVerb {
        @Option(names = "--name", paramLabel = "NAME", description = "Its name, unique")
        String name;

        @Option(names = "--role", paramLabel = "ROLE", description = "docker (container services) or web (Drupal web servers)")
        Role role;

        @Option(names = "--size", paramLabel = "SIZE", description = "One of the API's sizes (BERTH_NODE_SIZES, e.g. small, medium, large)")
        String size;

        @Option(names = "--image", paramLabel = "IMAGE", description = "The VM image (default: the API's)")
        String image;

        @Option(names = "--wait", description = "Then wait until it is ready (exit 0) or error (exit 1)")
        boolean await;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up waiting after this long (exit 1); default: no limit")
        long timeoutSeconds;

        Create() {
            super(NODES);
        }

        @Override
        public String description() {
            return "Create a node: --name --role docker|web --size S [--image I] (202; --wait until it is ready)";
        }

        @Override
        protected void addFields(ObjectNode body) {
            if (name != null) {
                body.put("name", name);
            }
            if (role != null) {
                body.put("role", role.name());
            }
            if (size != null) {
                body.put("size", size);
            }
            if (image != null) {
                body.put("image", image);
            }
        }

        @Override
        protected int run() {
            Api api = api();
            JsonNode created = api.post(NODES.path(), body()).body();
            if (!await) {
                printCreated((ObjectNode) created);
                return 0;
            }
            String id = created.path("id").asText();
            JsonNode settled = awaitNode(cli(), api, id, timeoutSeconds);
            printCreated((ObjectNode) settled);
            String status = settled.path("status").asText();
            if (status.equals("ready")) {
                cli().err().println("node " + id + " is ready");
                return ExitCode.OK;
            }
            String reason = settled.path("failureReason").asText("");
            cli().err().println("berth: node " + id + " is " + status + (reason.isEmpty() ? "" : ": " + reason.lines().findFirst().orElse("")));
            return ExitCode.FAILURE;
        }
    }

    /** Polls a node until it is ready or error (or anything but booting). */
    static JsonNode awaitNode(Cli cli, Api api, String id, long timeoutSeconds) {
        Progress progress = new Progress(cli);
        long deadline = timeoutSeconds > 0 ? System.nanoTime() + timeoutSeconds * 1_000_000_000L : Long.MAX_VALUE;
        while (true) {
            JsonNode node = api.get(NODES.itemPath(id)).body();
            String status = node.path("status").asText();
            if (!status.equals("booting")) {
                progress.clear();
                return node;
            }
            if (System.nanoTime() > deadline) {
                progress.clear();
                throw new CliException(ExitCode.FAILURE, "node " + id + " is still " + status + " after " + timeoutSeconds + "s");
            }
            progress.show(id + ": " + status);
            cli.sleep(cli.pollInterval());
        }
    }

    static final class Destroy extends Verb {
        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "ID", description = "The node's id")
        String id;

        @Option(names = "--force", description = "Stop what runs on it first (?force=true), and destroy it even if it changed since it was read")
        boolean force;

        @Option(names = "--wait", description = "Then wait until it is gone")
        boolean await;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up waiting after this long (exit 1); default: no limit")
        long timeoutSeconds;

        @Override
        public String description() {
            return "Destroy a node (with If-Match); refused (exit 4) while something runs on it, unless --force";
        }

        @Override
        protected int run() {
            Api api = api();
            Map<String, String> query = new LinkedHashMap<>();
            query.put("force", force ? "true" : null);
            Api.Response response = IfMatch.write(cli(), api, NODES, id, force,
                    etag -> api.send("DELETE", NODES.itemPath(id) + Api.query(query), null, null, etag));
            if (!await) {
                if (response.body() != null) {
                    new Printer(out(), output.format(), NODES).row(response.body());
                } else {
                    printGone();
                }
                return 0;
            }
            Progress progress = new Progress(cli());
            long deadline = timeoutSeconds > 0 ? System.nanoTime() + timeoutSeconds * 1_000_000_000L : Long.MAX_VALUE;
            while (true) {
                Api.Response current = api.exchange("GET", NODES.itemPath(id), null, null, null);
                if (current.status() == 404) {
                    progress.clear();
                    printGone();
                    return 0;
                }
                if (current.status() >= 400) {
                    progress.clear();
                    api.send("GET", NODES.itemPath(id), null, null, null); // throws with the API's message
                }
                String status = current.body() == null ? "?" : current.body().path("status").asText();
                if (System.nanoTime() > deadline) {
                    progress.clear();
                    throw new CliException(ExitCode.FAILURE, "node " + id + " is still " + status + " after " + timeoutSeconds + "s");
                }
                progress.show(id + ": " + status);
                cli().sleep(cli().pollInterval());
            }
        }

        private void printGone() {
            if (output.format() == Format.IDS) {
                out().println(id);
            } else if (output.format() == Format.JSON) {
                out().println(Json.pretty(Json.MAPPER.createObjectNode().put("id", id).put("destroyed", true)));
            } else {
                out().println("node " + id + " destroyed");
            }
        }
    }
}
