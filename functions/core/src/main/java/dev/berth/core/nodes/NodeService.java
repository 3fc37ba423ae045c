package dev.berth.core.nodes;

import dev.berth.core.Ids;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.domain.AppServer;
import dev.berth.core.error.BerthException;
import dev.berth.core.json.Json;
import dev.berth.core.port.Workflows;
import dev.berth.core.repository.Nodes;
import dev.berth.core.repository.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Managers create and destroy nodes; the CreateNode and DestroyNode state machines do the cloud's part. */
public final class NodeService {
    public static final String CREATE_MACHINE = "CreateNode";
    public static final String DESTROY_MACHINE = "DestroyNode";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,40}[a-z0-9]");
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

    /** What a client asks for. */
    public record Draft(String name, Node.Role role, String size, String image) {
    }

    private final Nodes nodes;
    private final NodeWorkloads workloads;
    private final Workflows workflows;
    private final NodeConfig config;
    private final Clock clock;

    public NodeService(Nodes nodes, NodeWorkloads workloads, Workflows workflows, NodeConfig config, Clock clock) {
        this.nodes = nodes;
        this.workloads = workloads;
        this.workflows = workflows;
        this.config = config;
        this.clock = clock;
    }

    public Node create(Principal caller, Supplier<Draft> input) {
        caller.require(Role.MANAGER);
        Draft d = input.get();
        Map<String, String> problems = new LinkedHashMap<>();
        if (d.name() == null || !NAME.matcher(d.name()).matches()) {
            problems.put("name", d.name() == null ? "is required" : "must be 3-42 of a-z, 0-9 and -, starting with a letter");
        }
        if (d.role() == null) {
            problems.put("role", "is required: docker or web");
        }
        if (d.size() == null || !config.sizes().containsKey(d.size())) {
            problems.put("size", "must be one of " + String.join(", ", config.sizes().keySet()));
        }
        if (d.image() != null && !IMAGE.matcher(d.image()).matches()) {
            problems.put("image", "is not an image name");
        }
        if (!problems.isEmpty()) {
            throw BerthException.invalid(problems);
        }
        Instant now = clock.instant();
        Node node = new Node("nd-" + Ids.ulid(now), d.name(), d.role(), d.size(), d.image() == null ? config.defaultImage() : d.image(),
                Node.Status.BOOTING, AppServer.Vm.NONE, null, now, now, 1);
        nodes.create(node, new AuditEntry(node.id(), "node", "create", caller.actor(), now, null, 1L,
                "creating " + node.role().wireName() + " node " + node.name() + " (" + node.size() + ")"));
        workflows.start(CREATE_MACHINE, node.id(), Json.write(Map.of("nodeId", node.id())));
        return node;
    }

    public Node get(Principal caller, String id) {
        caller.require(Role.VIEWER);
        return nodes.get(id);
    }

    public List<String> workloads(Principal caller, String id) {
        caller.require(Role.VIEWER);
        return workloads.on(id);
    }

    public Page<Node> list(Principal caller, Node.Role role, int limit, String cursor) {
        caller.require(Role.VIEWER);
        return nodes.list(role, limit, cursor);
    }

    /** Destroys a node (202): 409 while anything runs on it, unless {@code force}, which stops that first. */
    public Node destroy(Principal caller, String id, Long expectedVersion, boolean force) {
        caller.require(Role.MANAGER);
        Node current = nodes.get(id);
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw BerthException.stale(current.version());
        }
        List<String> running = workloads.on(id);
        if (!running.isEmpty() && !force) {
            throw BerthException.conflict("node_in_use", "Node " + current.name() + " runs " + String.join("; ", running)
                    + ": stop them first, or destroy with ?force=true", Map.of("workloads", running));
        }
        if (current.status() == Node.Status.DESTROYING) {
            return current;
        }
        Node destroying = current.with(Node.Status.DESTROYING, current.vm(), null, clock.instant());
        nodes.update(current, destroying, new AuditEntry(id, "node", "destroy", caller.actor(), destroying.updatedAt(), current.version(),
                destroying.version(), "destroying node " + current.name() + (running.isEmpty() ? "" : " (forced: " + String.join("; ", running) + ")")));
        workflows.start(DESTROY_MACHINE, id + "-" + destroying.version(), Json.write(Map.of("nodeId", id, "force", force)));
        return destroying;
    }
}
