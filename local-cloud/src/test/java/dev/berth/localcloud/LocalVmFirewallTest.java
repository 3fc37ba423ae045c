package dev.berth.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.port.compute.BootRequest;
import dev.berth.core.port.compute.Cidr;
import dev.berth.core.port.compute.ServerInfo;
import dev.berth.core.port.compute.VmFirewall;
import dev.berth.core.port.routing.Backend;
import dev.berth.core.port.routing.InstanceRoutes;
import dev.berth.core.port.routing.RoutingTable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression (issue 18.3): a local VM's web server answered anyone who learnt its address, around
 * the load balancer's preview credentials. It now admits the load balancer and the VM itself,
 * as the cloud's security group does.
 */
class LocalVmFirewallTest {
    @TempDir
    Path root;
    private LocalComputeProvider cloud;
    private LocalLoadBalancer balancer;
    private URI vm;

    @BeforeEach
    void boot() throws IOException {
        cloud = new LocalComputeProvider(root, LocalKeys.loadOrCreate(root.resolve("keys")).getPublic(), Duration.ZERO, Clock.systemUTC());
        balancer = new LocalLoadBalancer(0);
        ServerInfo server = cloud.boot(new BootRequest("as-1", "as-1", "local", "local", "local", List.of(), "",
                Map.of(ServerInfo.APP_SERVER_TAG, "as-1", LocalComputeProvider.TEST_KNOB, "no-ssh")));
        Path www = cloud.directoryOf(server.id()).orElseThrow().resolve("www");
        Files.writeString(www.resolve("index.html"), "the site\n");
        Files.writeString(www.resolve("page"), "the site\n"); // what the test's GET asks for
        vm = URI.create(cloud.get(server.id()).httpUrl());
        balancer.apply(new RoutingTable(List.of(new InstanceRoutes("in-1", "Demo", List.of("demo.localhost"),
                List.of(new Backend("as-1", vm.getHost(), vm.getPort())), List.of()))));
    }

    @AfterEach
    void stop() {
        balancer.close();
        cloud.close();
    }

    @Test
    void theVmsWebServerAnswersTheLoadBalancerAndItselfButNobodyElse() throws IOException {
        String[] direct = LocalLoadBalancerTest.get(vm.getPort(), vm.getHost(), null, InetAddress.getLoopbackAddress());
        assertEquals("403", direct[0], "straight to the VM from another address: " + direct[1]);
        assertTrue(direct[1].contains("admits only the load balancer"), direct[1]);

        String[] proxied = LocalLoadBalancerTest.get(balancer.port(), "demo.localhost", null);
        assertEquals("200", proxied[0]);
        assertEquals("the site\n", proxied[1]);
        assertEquals(200, balancer.probe("demo.localhost", "/"));

        String[] itself = LocalLoadBalancerTest.get(vm.getPort(), vm.getHost(), null, InetAddress.getByName(vm.getHost()));
        assertEquals("200", itself[0], "the VM asks its own web server (the heartbeat does, over SSH)");
    }

    @Test
    void theSecurityGroupsWebSourcesAreWhatTheVmsAdmit() throws IOException {
        cloud.ensureSecurityGroup(new VmFirewall("berth-appservers", List.of(new Cidr("0.0.0.0/0")), List.of(80, 443),
                List.of(new Cidr("127.0.0.3/32"))));
        assertEquals("403", LocalLoadBalancerTest.get(balancer.port(), "demo.localhost", null)[0],
                "a load balancer the group does not name is refused");
        String[] listed = LocalLoadBalancerTest.get(vm.getPort(), vm.getHost(), null, InetAddress.getByName("127.0.0.3"));
        assertEquals("200", listed[0]);
    }
}
