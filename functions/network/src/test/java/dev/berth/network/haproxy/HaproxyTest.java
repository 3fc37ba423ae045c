package dev.berth.network.haproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import dev.berth.cloud.ssh.SshjRemoteShell;
import dev.berth.core.port.compute.BootRequest;
import dev.berth.core.port.compute.ServerInfo;
import dev.berth.core.port.compute.SshTarget;
import dev.berth.core.port.routing.ApplyReport;
import dev.berth.core.port.routing.Backend;
import dev.berth.core.port.routing.InstanceRoutes;
import dev.berth.core.port.routing.PreviewRoute;
import dev.berth.core.port.routing.Redirect;
import dev.berth.core.port.routing.RoutingTable;
import dev.berth.localcloud.LocalComputeProvider;
import dev.berth.localcloud.LocalKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated configurations checked by the real haproxy binary, and served by a real haproxy process. */
class HaproxyTest {
    private static final HaproxyConfig CONFIG = new HaproxyConfig("127.0.0.1:8080", "/heartbeat");

    @BeforeAll
    static void haproxyIsInstalled() {
        if (!Files.isExecutable(Path.of("/usr/sbin/haproxy"))) {
            fail("haproxy is not installed: scripts/install-test-deps.sh installs Debian's haproxy (./berth test runs it)");
        }
    }

    static InstanceRoutes instance(String id, String domain, List<Backend> active, List<PreviewRoute> previews) {
        return new InstanceRoutes(id, "Site " + id, List.of(domain, "studio." + domain), active, previews);
    }

    static Backend backend(String id, int port) {
        return new Backend(id, "127.0.0.1", port);
    }

    static String check(Path dir, String text) throws Exception {
        Path file = dir.resolve("haproxy-" + System.nanoTime() + ".cfg");
        Files.writeString(file, text);
        Process p = new ProcessBuilder("/usr/sbin/haproxy", "-c", "-f", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue() == 0 ? null : out;
    }

    @Test
    void trickyTablesMakeValidConfigurations(@TempDir Path dir) throws Exception {
        PreviewRoute preview = new PreviewRoute("as-2", "as-2.preview.demo.example.com", "preview", "p@ss w\"ord'", backend("as-2", 9002));
        List<RoutingTable> tables = new ArrayList<>(List.of(
                new RoutingTable(List.of(instance("in-none", "none.example.com", List.of(), List.of()))),
                new RoutingTable(List.of(instance("in-two", "two.example.com", List.of(backend("as-a", 9001), backend("as-b", 9002)), List.of()))),
                new RoutingTable(List.of(instance("in-prev", "demo.example.com", List.of(backend("as-1", 9001)), List.of(preview)))),
                new RoutingTable(List.of(instance("in-odd", "x--y.a1.b-2.example.co.uk", List.of(backend("as-9", 65535)), List.of())))));
        List<InstanceRoutes> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(instance("in-" + i, "site" + i + ".example.com", i % 3 == 0 ? List.of() : List.of(backend("as-" + i, 10000 + i)),
                    List.of(new PreviewRoute("as-p" + i, "as-p" + i + ".preview.example.com", "preview", "pw" + i, backend("as-p" + i, 20000 + i)))));
        }
        tables.add(new RoutingTable(many));
        for (RoutingTable table : tables) {
            HaproxyConfig.Result result = CONFIG.generate(table);
            assertTrue(result.skipped().isEmpty(), result.skipped().toString());
            assertEquals(null, check(dir, result.text()), result.text());
            assertFalse(result.text().contains("insecure-password"));
            assertEquals(result.text(), CONFIG.generate(table).text(), "deterministic");
        }
    }

    @Test
    void oneBrokenInstanceDoesNotBlockTheOthers(@TempDir Path dir) throws Exception {
        HaproxyConfig.Result result = CONFIG.generate(new RoutingTable(List.of(
                instance("in-good", "good.example.com", List.of(backend("as-1", 9001)), List.of()),
                instance("in-bad", "bad domain!", List.of(backend("as-2", 9002)), List.of()),
                instance("in-port", "port.example.com", List.of(backend("as-3", 70000)), List.of()),
                instance("in-clash", "good.example.com", List.of(), List.of()))));
        assertEquals(List.of("in-good"), result.included());
        assertEquals(List.of("in-bad", "in-port", "in-clash"), new ArrayList<>(result.skipped().keySet()));
        assertEquals(null, check(dir, result.text()));
    }

    private static HttpServer appServer(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = (name + (exchange.getRequestHeaders().containsKey("Authorization") ? " saw credentials" : "")).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        return server;
    }

    static String[] get(int port, String host, String authorization) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new String[] {response.substring(9, 12), response.substring(response.indexOf("\r\n\r\n") + 4)};
        }
    }

    private static Process run(Path dir, RoutingTable table, int port) throws Exception {
        Path file = dir.resolve("live.cfg");
        Files.writeString(file, new HaproxyConfig("127.0.0.1:" + port, "/heartbeat").generate(table).text());
        Process process = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        for (int i = 0; i < 100; i++) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return process;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        process.destroy();
        throw new AssertionError("haproxy did not start: " + Files.readString(dir.resolve("haproxy.log")));
    }

    @Test
    void aRealHaproxyAnswersRedirectsItselfAndSkipsUnsafeOnes(@TempDir Path dir) throws Exception {
        HttpServer site = appServer("site");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        RoutingTable table = new RoutingTable(List.of(instance("drupal.sites", "sites.example.edu", List.of(backend("node-1", site.getAddress().getPort())),
                List.of())), List.of(
                new Redirect("rt-old", "sites.example.edu", "old-dept", "https://www.example.edu/new-dept", 301),
                new Redirect("rt-root", "sites.example.edu", "", "https://www.example.edu/", 302),
                new Redirect("rt-evil", "sites.example.edu", "x", "https://e.example/\" if TRUE\n    server s 1.2.3.4:80", 301)));
        HaproxyConfig.Result result = new HaproxyConfig("127.0.0.1:" + port, "/heartbeat").generate(table);
        assertTrue(result.skipped().containsKey("rt-evil"), "a destination that would break out of the configuration is refused");
        assertEquals(null, check(dir, result.text()));
        Process haproxy = run(dir, table, port);
        try {
            assertEquals("301", head(port, "sites.example.edu", "/old-dept", "Location: https://www.example.edu/new-dept"));
            assertEquals("301", head(port, "sites.example.edu", "/old-dept/page", "Location: https://www.example.edu/new-dept"));
            assertEquals("302", head(port, "Sites.Example.edu", "/", "Location: https://www.example.edu/"));
            assertEquals("200", head(port, "sites.example.edu", "/old-department", null), "a longer segment is not under the redirect");
        } finally {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
            site.stop(0);
        }
    }

    /** The status of a GET of {@code path}, checking a header line when one is given. */
    private static String head(int port, String host, String path, String headerLine) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (headerLine != null) {
                assertTrue(response.toLowerCase(java.util.Locale.ROOT).contains(headerLine.toLowerCase(java.util.Locale.ROOT) + "\r\n"), response);
            }
            return response.substring(9, 12);
        }
    }

    @Test
    void aRealHaproxyRoutesProtectsAndSwitches(@TempDir Path dir) throws Exception {
        HttpServer blue = appServer("blue");
        HttpServer green = appServer("green");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        PreviewRoute preview = new PreviewRoute("as-green", "as-green.preview.example.com", "preview", "s3cret",
                backend("as-green", green.getAddress().getPort()));
        Process haproxy = run(dir, new RoutingTable(List.of(
                instance("in-1", "demo.example.com", List.of(backend("as-blue", blue.getAddress().getPort())), List.of(preview)),
                instance("in-2", "new.example.com", List.of(), List.of()))), port);
        try {
            assertEquals("blue", get(port, "Demo.Example.com:80", null)[1]);
            String[] setup = get(port, "new.example.com", null);
            assertEquals("503", setup[0]);
            assertTrue(setup[1].contains("being set up"));
            assertEquals("404", get(port, "nobody.example.com", null)[0]);
            assertEquals("401", get(port, "as-green.preview.example.com", null)[0]);
            String wrong = "Basic " + Base64.getEncoder().encodeToString("preview:nope".getBytes(StandardCharsets.UTF_8));
            assertEquals("401", get(port, "as-green.preview.example.com", wrong)[0]);
            String right = "Basic " + Base64.getEncoder().encodeToString("preview:s3cret".getBytes(StandardCharsets.UTF_8));
            String[] previewed = get(port, "as-green.preview.example.com", right);
            assertEquals("200", previewed[0]);
            assertEquals("green", previewed[1], "the credentials stop at the balancer");
        } finally {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
        haproxy = run(dir, new RoutingTable(List.of(
                instance("in-1", "demo.example.com", List.of(backend("as-green", green.getAddress().getPort())), List.of()))), port);
        try {
            assertEquals("green", get(port, "demo.example.com", null)[1], "re-applied with the other server active");
        } finally {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
            blue.stop(0);
            green.stop(0);
        }
    }

    @Test
    void theConfigurationIsCheckedOnTheHostBeforeItIsInstalled(@TempDir Path root) throws Exception {
        KeyPair keys = LocalKeys.loadOrCreate(root.resolve("keys"));
        LocalComputeProvider cloud = new LocalComputeProvider(root, keys.getPublic(), Duration.ZERO, Clock.systemUTC());
        try {
            ServerInfo lb = cloud.boot(new BootRequest("lb", "lb", "", "", "", List.of(), "", Map.of(ServerInfo.APP_SERVER_TAG, "lb")));
            Path disk = cloud.directoryOf(lb.id()).orElseThrow();
            // The check is the real haproxy, except that it refuses any configuration naming in-evil (HAProxy
            // itself accepts everything the generator writes; this stands for what it might refuse one day).
            Files.writeString(disk.resolve("check.sh"), "#!/bin/sh\nif grep -q in-evil \"$1\"; then echo \"[ALERT] refused\"; exit 1; fi\n"
                    + "exec /usr/sbin/haproxy -c -q -f \"$1\"\n");
            disk.resolve("check.sh").toFile().setExecutable(true);
            AtomicInteger leases = new AtomicInteger();
            HaproxyLoadBalancer balancer = new HaproxyLoadBalancer(SshjRemoteShell.withKeyPair(keys),
                    new SshTarget(lb.ipv4(), lb.sshPort(), "berth", lb.hostKeyFingerprint()), CONFIG,
                    new HaproxyLoadBalancer.Settings("haproxy.cfg", "./check.sh %s", "echo reloaded >> reloads.log",
                            URI.create("http://127.0.0.1:1"), "127.0.0.1:1", "certs"),
                    new HaproxyLoadBalancer.Lease() {
                        @Override
                        public void acquire() {
                            leases.incrementAndGet();
                        }

                        @Override
                        public void release() {
                            leases.decrementAndGet();
                        }
                    });
            ApplyReport report = balancer.apply(new RoutingTable(List.of(
                    instance("in-good", "good.example.com", List.of(backend("as-1", 9001)), List.of()),
                    instance("in-evil", "evil.example.com", List.of(backend("as-2", 9002)), List.of()))));
            assertEquals(List.of("in-good"), report.applied());
            assertTrue(report.skipped().get("in-evil").contains("refused"), report.toString());
            String installed = Files.readString(disk.resolve("haproxy.cfg"));
            assertTrue(installed.contains("good.example.com") && !installed.contains("in-evil"));
            assertEquals(List.of("reloaded"), Files.readAllLines(disk.resolve("reloads.log")));
            assertEquals(0, leases.get(), "the lease is released");
            assertEquals(502, balancer.probe("good.example.com", "/"), "nothing listens at the probe address");
        } finally {
            cloud.close();
        }
    }

    @Test
    void certificatesAreCheckedBeforeTheyReplaceTheInstalledOnesThenServedOverHttps(@TempDir Path root) throws Exception {
        KeyPair keys = LocalKeys.loadOrCreate(root.resolve("keys"));
        LocalComputeProvider cloud = new LocalComputeProvider(root, keys.getPublic(), Duration.ZERO, Clock.systemUTC());
        HttpServer site = appServer("site");
        Process haproxy = null;
        try {
            ServerInfo lb = cloud.boot(new BootRequest("lb", "lb", "", "", "", List.of(), "", Map.of(ServerInfo.APP_SERVER_TAG, "lb")));
            Path disk = cloud.directoryOf(lb.id()).orElseThrow();
            int http = freePort();
            int https = freePort();
            HaproxyLoadBalancer balancer = new HaproxyLoadBalancer(SshjRemoteShell.withKeyPair(keys),
                    new SshTarget(lb.ipv4(), lb.sshPort(), "berth", lb.hostKeyFingerprint()), new HaproxyConfig("127.0.0.1:" + http, "/heartbeat"),
                    new HaproxyLoadBalancer.Settings("haproxy.cfg", "/usr/sbin/haproxy -c -q -f %s", "echo reloaded >> reloads.log",
                            URI.create("http://127.0.0.1:" + http), "127.0.0.1:" + https, "certs"), NO_LEASE);
            RoutingTable table = new RoutingTable(List.of(instance("in-1", "demo.example.com", List.of(backend("as-1", site.getAddress().getPort())),
                    List.of())));
            balancer.apply(table);
            assertFalse(Files.readString(disk.resolve("haproxy.cfg")).contains("ssl crt"), "no TLS before there is a certificate");

            dev.berth.localcloud.LocalCertificateAuthority authority = dev.berth.localcloud.LocalCertificateAuthority.loadOrCreate(root.resolve("ca"),
                    Clock.systemUTC());
            var issued = authority.sign(List.of("example.com", "*.example.com"), java.time.Instant.now().minusSeconds(60),
                    java.time.Instant.now().plus(Duration.ofDays(90)));
            // A bundle HAProxy cannot load installs nothing.
            dev.berth.core.port.compute.CloudException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.berth.core.port.compute.CloudException.class, () -> balancer.installCertificates(List.of(
                            new dev.berth.core.port.routing.TlsBundle("example.com", issued.chainPem()))));
            assertTrue(refused.getMessage().contains("nothing was installed"), refused.getMessage());
            assertFalse(Files.exists(disk.resolve("certs")));
            org.junit.jupiter.api.Assertions.assertThrows(dev.berth.core.port.compute.CloudException.class, () -> balancer.installCertificates(List.of(
                    new dev.berth.core.port.routing.TlsBundle("../etc/passwd", issued.chainPem() + issued.privateKeyPem()))));

            balancer.installCertificates(List.of(new dev.berth.core.port.routing.TlsBundle("example.com", issued.chainPem() + issued.privateKeyPem())));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    disk.resolve("certs/example.com.pem"))), "the key readable by HAProxy's user only");
            assertFalse(Files.exists(disk.resolve("certs.new")));
            balancer.apply(table);
            String installed = Files.readString(disk.resolve("haproxy.cfg"));
            assertTrue(installed.contains("bind 127.0.0.1:" + https + " ssl crt certs"), installed);

            haproxy = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", "haproxy.cfg").directory(disk.toFile()).redirectErrorStream(true)
                    .redirectOutput(root.resolve("haproxy.log").toFile()).start();
            waitFor(https, root.resolve("haproxy.log"));
            String[] redirected = rawGet(http, "demo.example.com", "");
            assertEquals("301", redirected[0], "HTTP goes to HTTPS");
            assertTrue(redirected[1].toLowerCase(java.util.Locale.ROOT).contains("location: https://demo.example.com/"), redirected[1]);
            assertEquals("200", rawGet(http, "demo.example.com", "X-Berth-Probe: 1\r\n")[0], "the control plane's probe is answered over HTTP");
            assertEquals(200, balancer.probe("demo.example.com", "/"));

            javax.net.ssl.SSLContext context = authority.clientContext();
            javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", https);
            String response;
            java.security.cert.X509Certificate served;
            try (socket) {
                javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
                parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName("demo.example.com")));
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
                socket.setSSLParameters(parameters);
                socket.startHandshake(); // the chain leads to the authority
                socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: demo.example.com\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                served = (java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0];
            }
            assertEquals("200", response.substring(9, 12), response);
            assertTrue(response.endsWith("site"), response);
            assertEquals(issued.serial(), java.util.HexFormat.of().formatHex(served.getSerialNumber().toByteArray()));
        } finally {
            if (haproxy != null) {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            site.stop(0);
            cloud.close();
        }
    }

    private static final HaproxyLoadBalancer.Lease NO_LEASE = new HaproxyLoadBalancer.Lease() {
        @Override
        public void acquire() {
        }

        @Override
        public void release() {
        }
    };

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private static void waitFor(int port, Path log) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("haproxy did not start: " + Files.readString(log));
    }

    /** {status, whole response} of a GET / with extra header lines. */
    private static String[] rawGet(int port, String host, String headers) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\n" + headers + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new String[] {response.substring(9, 12), response};
        }
    }
}
