package dev.berth.workflow.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.berth.core.BerthCore;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.Instance;
import dev.berth.core.port.Dns;
import dev.berth.core.port.routing.DnsRecord;
import dev.berth.core.service.RoutingService;
import dev.berth.core.testing.RecordingWorkflows;
import dev.berth.core.testing.TestCore;
import dev.berth.localcloud.LocalLoadBalancer;
import dev.berth.workflow.step.HeartbeatNotYetException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingStepsTest {
    @TempDir
    Path root;
    private final RecordingWorkflows workflows = new RecordingWorkflows();
    private final List<DnsRecord> dnsUpserts = new ArrayList<>();
    private BerthCore core;
    private LocalLoadBalancer balancer;
    private RoutingSteps steps;
    private final List<HttpServer> servers = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        core = TestCore.create(workflows);
        balancer = new LocalLoadBalancer(0);
        Dns dns = new Dns() {
            @Override
            public void upsert(List<DnsRecord> records) {
                dnsUpserts.addAll(records);
            }

            @Override
            public void delete(List<DnsRecord> records) {
                dnsUpserts.removeAll(records);
            }
        };
        steps = new RoutingSteps(core.repositories().instances(), core.repositories().routingQueue(), new RoutingService(core.fleet()),
                core.activation(), balancer, dns, core.repositories().dnsPublications(),
                "127.0.0.1", "/heartbeat");
    }

    @AfterEach
    void tearDown() {
        balancer.close();
        servers.forEach(s -> s.stop(0));
    }

    private AppServer runningServer(Instance instance, String name, int heartbeatStatus) throws IOException {
        HttpServer web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        web.createContext("/", exchange -> {
            try (exchange) {
                boolean heartbeat = exchange.getRequestURI().getPath().equals("/heartbeat");
                byte[] body = name.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(heartbeat ? heartbeatStatus : 200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        web.start();
        servers.add(web);
        Instant now = Instant.now();
        AppServer server = new AppServer("as-" + name, instance.id(), AppServerStatus.RUNNING, false, instance.settings(),
                new AppServer.Vm("vm-" + name, name, "127.0.0.1", 22, "http://127.0.0.1:" + web.getAddress().getPort(), null),
                AppServer.Deployment.NONE, null, new AppServer.Preview("preview", "pw-" + name), now, now, 1);
        core.repositories().appServers().create(server, new AuditEntry(server.id(), "appserver", "seed", "test", now, null, 1L, ""));
        return server;
    }

    /** Regression (issue 16.4): a renamed instance kept its old records; its preview hosts had none. */
    @Test
    void aRenameTakesBackTheOldNamesAndPreviewsHaveTheirWildcard() {
        Principal manager = Principal.system("test");
        Instance instance = core.instances().create(manager, TestCore.settings("Demo", "demo"));
        steps.applyRouting(instance.id());
        List<String> names = dnsUpserts.stream().map(DnsRecord::fqdn).toList();
        assertTrue(names.contains("demo.example.com") && names.contains("*.preview.example.com"), names.toString());

        core.instances().changeSettings(manager, instance.id(), null, s -> TestCore.renamed(s, "renamed"));
        steps.applyRouting(instance.id());
        names = dnsUpserts.stream().map(DnsRecord::fqdn).distinct().toList();
        assertTrue(names.contains("renamed.example.com"), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.startsWith("demo.") || n.endsWith(".demo.example.com")), "the old names are gone: " + names);

        core.instances().archive(manager, instance.id(), null);
        steps.applyRouting(instance.id());
        names = dnsUpserts.stream().map(DnsRecord::fqdn).distinct().toList();
        assertEquals(List.of("*.preview.example.com"), names, "archived: only the shared wildcard stays");
        assertTrue(core.repositories().dnsPublications().find(instance.id()).isEmpty());
    }

    @Test
    void activationIsGatedAndAFailingServerIsRolledBack() throws Exception {
        Principal manager = Principal.system("test");
        Instance instance = core.instances().create(manager, TestCore.settings("Demo", "demo"));
        AppServer blue = runningServer(instance, "blue", 200);
        AppServer green = runningServer(instance, "green", 503);

        steps.applyRouting(instance.id());
        assertEquals(503, balancer.probe("demo.example.com", "/"), "no active app server: the being-set-up page");

        core.activation().activate(manager, blue.id(), null);
        Instance afterBlue = core.repositories().instances().get(instance.id());
        steps.applyRouting(instance.id());
        assertEquals("passed", steps.healthGate(instance.id(), afterBlue.version()).gate());
        assertEquals(200, balancer.probe("as-green.preview.example.com", "/"), "previews of inactive servers are routed too");
        assertTrue(dnsUpserts.stream().anyMatch(r -> r.fqdn().equals("studio.demo.example.com") && r.type().equals("A")));

        core.activation().activate(manager, green.id(), null);
        Instance afterGreen = core.repositories().instances().get(instance.id());
        steps.applyRouting(instance.id());
        HeartbeatNotYetException unhealthy = assertThrows(HeartbeatNotYetException.class, () -> steps.healthGate(instance.id(), afterGreen.version()));
        steps.rollback(new RoutingSteps.RollbackInput(instance.id(), afterGreen.version(), List.of(blue.id()),
                new dev.berth.workflow.step.CaughtError("dev.berth.workflow.step.HeartbeatNotYetException", unhealthy.getMessage())));
        steps.applyRouting(instance.id());
        Instance rolledBack = core.repositories().instances().get(instance.id());
        assertEquals(List.of(blue.id()), rolledBack.activeAppServerIds());
        assertTrue(core.repositories().appServers().get(blue.id()).active());
        AppServer greenAfter = core.repositories().appServers().get(green.id());
        assertFalse(greenAfter.active());
        assertTrue(greenAfter.failureReason().contains("Activation rolled back: HTTP 503"), greenAfter.failureReason());
        assertEquals("superseded", steps.healthGate(instance.id(), afterGreen.version()).gate());
        assertEquals("rollback", core.repositories().audit().list(instance.id(), 1, null).items().get(0).action());
    }
}
