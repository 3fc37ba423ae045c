package dev.berth.workflow.nodes;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.domain.AppServer;
import dev.berth.core.nodes.Node;
import dev.berth.core.nodes.NodeConfig;
import dev.berth.core.nodes.NodeWorkloads;
import dev.berth.core.port.ComputeProvider;
import dev.berth.core.port.RemoteShell;
import dev.berth.core.port.compute.BootRequest;
import dev.berth.core.port.compute.ServerInfo;
import dev.berth.core.port.compute.ServerState;
import dev.berth.core.repository.Nodes;
import dev.berth.workflow.launch.LaunchSettings;
import dev.berth.workflow.step.PermanentStepException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The steps of CreateNode and DestroyNode: boot the VM (tagged with the node's id, so a retried
 * boot finds it), wait for SSH until the deadline, record the outcome; on destroy, stop what runs
 * on the node, delete its VM, forget it. Each step is idempotent.
 */
public final class NodeSteps {

    public record NodeRef(String nodeId) {
    }

    public record DestroyInput(String nodeId, boolean force) {
    }

    /** The catch-all's input: the error the state machine caught. */
    public record FailureInput(String nodeId, Map<String, Object> failure) {
    }

    /** {@code BOOTING}, {@code READY} or {@code ERROR} (with the reason). */
    public record NodeState(String state, String reason, int pollSeconds) {
    }

    private final Nodes nodes;
    private final NodeWorkloads workloads;
    private final ComputeProvider compute;
    private final RemoteShell shell;
    private final NodeConfig config;
    private final LaunchSettings settings;
    private final Clock clock;

    public NodeSteps(Nodes nodes, NodeWorkloads workloads, ComputeProvider compute, RemoteShell shell, NodeConfig config,
                     LaunchSettings settings, Clock clock) {
        this.nodes = nodes;
        this.workloads = workloads;
        this.compute = compute;
        this.shell = shell;
        this.config = config;
        this.settings = settings;
        this.clock = clock;
    }

    public NodeState boot(String nodeId) {
        Node node = nodes.find(nodeId).orElseThrow(() -> new PermanentStepException("Node " + nodeId + " does not exist", null));
        if (node.vm().serverId() == null) {
            compute.ensureSecurityGroup(settings.firewall());
            ServerInfo vm = compute.boot(new BootRequest(nodeId, node.name(), config.sizes().get(node.size()), node.image(), settings.keyPair(),
                    List.of(settings.firewall().name()), "", Map.of(ServerInfo.APP_SERVER_TAG, nodeId, "berth-node-role", node.role().wireName())));
            nodes.update(node, node.with(Node.Status.BOOTING, new AppServer.Vm(vm.id(), node.name(), null, null, null, null), null, clock.instant()), null);
        }
        return new NodeState("BOOTING", null, settings.pollSeconds());
    }

    public NodeState check(String nodeId) {
        Node node = nodes.get(nodeId);
        if (node.status() == Node.Status.READY) {
            return new NodeState("READY", null, settings.pollSeconds());
        }
        ServerInfo vm = compute.get(node.vm().serverId());
        if (vm.state() == ServerState.ERROR || vm.state() == ServerState.DELETED) {
            return new NodeState("ERROR", "The VM went to " + vm.providerStatus() + (vm.fault() == null ? "" : ": " + vm.fault()), settings.pollSeconds());
        }
        if (vm.state() == ServerState.ACTIVE && vm.ipv4() != null && vm.sshPort() > 0 && shell.probe(vm.ipv4(), vm.sshPort(), Duration.ofSeconds(5))) {
            String fingerprint = vm.hostKeyFingerprint() != null ? vm.hostKeyFingerprint() : shell.learnHostKey(vm.ipv4(), vm.sshPort());
            Instant now = clock.instant();
            Node ready = node.with(Node.Status.READY, new AppServer.Vm(vm.id(), node.name(), vm.ipv4(), vm.sshPort(), vm.httpUrl(), fingerprint),
                    null, now);
            nodes.update(node, ready, new AuditEntry(nodeId, "node", "ready", "system:nodes", now, node.version(), ready.version(),
                    "node " + node.name() + " is ready at " + vm.ipv4()));
            return new NodeState("READY", null, settings.pollSeconds());
        }
        if (clock.instant().isAfter(node.createdAt().plus(config.bootDeadline()))) {
            return new NodeState("ERROR", "The VM did not answer SSH within " + config.bootDeadline().toSeconds() + " s (provider status "
                    + vm.providerStatus() + ")", settings.pollSeconds());
        }
        return new NodeState("BOOTING", null, settings.pollSeconds());
    }

    /** The node ends in {@code error} with the reason; its VM stays for debugging until the node is destroyed. */
    public NodeState recordError(String nodeId, String reason, Map<String, Object> failure) {
        String why = reason != null ? reason
                : String.valueOf(failure == null ? "unknown" : failure.getOrDefault("Cause", failure.getOrDefault("Error", "unknown")));
        Optional<Node> found = nodes.find(nodeId);
        if (found.isPresent() && found.get().status() == Node.Status.BOOTING) {
            Node node = found.get();
            Instant now = clock.instant();
            Node failed = node.with(Node.Status.ERROR, node.vm(), why, now);
            nodes.update(node, failed, new AuditEntry(nodeId, "node", "error", "system:nodes", now, node.version(), failed.version(),
                    "node " + node.name() + " failed: " + why));
        }
        return new NodeState("ERROR", why, settings.pollSeconds());
    }

    public NodeState terminateWorkloads(String nodeId) {
        workloads.terminateAll(nodeId, "its node is being destroyed");
        return new NodeState("DESTROYING", null, settings.pollSeconds());
    }

    public NodeState deleteVm(String nodeId) {
        nodes.find(nodeId).map(n -> n.vm().serverId()).ifPresent(serverId -> {
            if (serverId != null) {
                compute.delete(serverId);
            }
        });
        return new NodeState("DESTROYING", null, settings.pollSeconds());
    }

    public NodeState forget(String nodeId) {
        nodes.find(nodeId).ifPresent(node -> nodes.delete(node, new AuditEntry(nodeId, "node", "destroyed", "system:nodes", clock.instant(),
                node.version(), null, "node " + node.name() + " and its VM are gone")));
        return new NodeState("DESTROYED", null, settings.pollSeconds());
    }
}
