package dev.berth.workflow.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.auth.Principal;
import dev.berth.core.error.BerthException;
import dev.berth.core.nodes.Node;
import dev.berth.core.nodes.NodeConfig;
import dev.berth.core.nodes.NodeService;
import dev.berth.core.nodes.NodeWorkloads;
import dev.berth.core.port.ComputeProvider;
import dev.berth.core.port.RemoteShell;
import dev.berth.core.port.compute.BootRequest;
import dev.berth.core.port.compute.ServerInfo;
import dev.berth.core.port.compute.VmFirewall;
import dev.berth.core.port.compute.ServerState;
import dev.berth.core.repository.Repositories;
import dev.berth.core.testing.RecordingWorkflows;
import dev.berth.core.testing.TestCore;
import dev.berth.workflow.launch.LaunchSettings;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A node whose VM never answers SSH ends in error at its deadline; a node running something is not destroyed without force. */
class NodeStepsTest {
    private static final Principal MANAGER = Principal.system("manager");
    private final Repositories repositories = TestCore.repositories();
    private final RecordingWorkflows workflows = new RecordingWorkflows();
    private final NodeConfig config = NodeConfig.fromEnvironment(Map.of("BERTH_NODE_BOOT_SECONDS", "60"));

    /** A cloud whose VM stays BUILDING: it never gets an address. */
    private static final ComputeProvider STUCK = new ComputeProvider() {
        @Override
        public void ensureSecurityGroup(VmFirewall firewall) {
        }

        @Override
        public ServerInfo boot(BootRequest request) {
            return get("vm-1");
        }

        @Override
        public Optional<ServerInfo> find(String appServerId) {
            return Optional.empty();
        }

        @Override
        public ServerInfo get(String serverId) {
            return new ServerInfo(serverId, "n", ServerState.BUILDING, "BUILD", null, null, 0, null, null, Instant.now(), Map.of());
        }

        @Override
        public void delete(String serverId) {
        }

        @Override
        public List<ServerInfo> listManaged() {
            return List.of();
        }
    };

    private static RemoteShell noShell() {
        return (RemoteShell) Proxy.newProxyInstance(RemoteShell.class.getClassLoader(), new Class<?>[] {RemoteShell.class}, (p, m, a) -> {
            throw new AssertionError("no SSH for a VM that never booted");
        });
    }

    private NodeSteps steps(Clock clock) {
        return new NodeSteps(repositories.nodes(), NodeWorkloads.NONE, STUCK, noShell(), config,
                LaunchSettings.fromEnvironment(Map.of("BERTH_DEPLOY_MODE", "demo")), clock);
    }

    @Test
    void aVmThatNeverAnswersEndsInErrorAtTheDeadline() {
        NodeService service = new NodeService(repositories.nodes(), NodeWorkloads.NONE, workflows, config, Clock.systemUTC());
        Node node = service.create(MANAGER, () -> new NodeService.Draft("docker-1", Node.Role.DOCKER, "small", null));
        assertEquals("CreateNode", workflows.started.get(0).stateMachine());
        steps(Clock.systemUTC()).boot(node.id());
        assertEquals("BOOTING", steps(Clock.systemUTC()).check(node.id()).state());
        Clock late = Clock.fixed(node.createdAt().plus(Duration.ofSeconds(61)), ZoneOffset.UTC);
        NodeSteps.NodeState state = steps(late).check(node.id());
        assertEquals("ERROR", state.state());
        assertTrue(state.reason().contains("did not answer SSH within 60 s"), state.reason());
        steps(late).recordError(node.id(), state.reason(), null);
        Node failed = repositories.nodes().get(node.id());
        assertEquals(Node.Status.ERROR, failed.status());
        assertEquals(state.reason(), failed.failureReason());
    }

    @Test
    void namesSizesAndWorkloadsAreChecked() {
        NodeWorkloads busy = new NodeWorkloads() {
            @Override
            public List<String> on(String nodeId) {
                return List.of("service quotas, colour blue");
            }

            @Override
            public void terminateAll(String nodeId, String reason) {
            }
        };
        NodeService service = new NodeService(repositories.nodes(), busy, workflows, config, Clock.systemUTC());
        BerthException invalid = assertThrows(BerthException.class,
                () -> service.create(MANAGER, () -> new NodeService.Draft("X y", Node.Role.DOCKER, "huge", null)));
        assertEquals(Map.of("name", "must be 3-42 of a-z, 0-9 and -, starting with a letter", "size", "must be one of small, medium, large"),
                invalid.details().get("fields"));
        Node node = service.create(MANAGER, () -> new NodeService.Draft("docker-2", Node.Role.DOCKER, "medium", null));
        assertEquals("duplicate_name", assertThrows(BerthException.class,
                () -> service.create(MANAGER, () -> new NodeService.Draft("docker-2", Node.Role.WEB, "small", null))).code());
        BerthException inUse = assertThrows(BerthException.class, () -> service.destroy(MANAGER, node.id(), node.version(), false));
        assertEquals("node_in_use", inUse.code());
        assertEquals(Node.Status.BOOTING, repositories.nodes().get(node.id()).status(), "nothing changed");
        assertEquals(Node.Status.DESTROYING, service.destroy(MANAGER, node.id(), node.version(), true).status());
        assertTrue(workflows.started.stream().anyMatch(w -> w.stateMachine().equals("DestroyNode") && w.input().contains("\"force\":true")));
    }
}
