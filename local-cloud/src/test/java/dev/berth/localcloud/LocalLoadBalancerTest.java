package dev.berth.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.berth.core.port.routing.ApplyReport;
import dev.berth.core.port.routing.Backend;
import dev.berth.core.port.routing.InstanceRoutes;
import dev.berth.core.port.routing.PreviewRoute;
import dev.berth.core.port.routing.RoutingTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalLoadBalancerTest {
    private HttpServer blue;
    private HttpServer green;
    private LocalLoadBalancer balancer;

    /** A plain HTTP/1.1 GET with any Host header, as curl -H 'Host: …' sends it. */
    static String[] get(int port, String host, String authorization) throws IOException {
        return get(port, "127.0.0.1", authorization, InetAddress.getLoopbackAddress(), host);
    }

    /** The same, to {@code address} from {@code source}. */
    static String[] get(int port, String address, String authorization, InetAddress source) throws IOException {
        return get(port, address, authorization, source, address);
    }

    private static String[] get(int port, String address, String authorization, InetAddress source, String host) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(address, port));
            String request = "GET /page?x=1 HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String status = response.substring(9, 12);
            return new String[] {status, response.substring(response.indexOf("\r\n\r\n") + 4)};
        }
    }

    private static HttpServer backend(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = (name + " " + exchange.getRequestURI() + " via " + exchange.getRequestHeaders().getFirst("X-Forwarded-Host")
                        + (exchange.getRequestHeaders().containsKey("Authorization") ? " with credentials" : "")).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        return server;
    }

    @BeforeEach
    void start() throws IOException {
        blue = backend("blue");
        green = backend("green");
        balancer = new LocalLoadBalancer(0);
    }

    @AfterEach
    void stop() {
        balancer.close();
        blue.stop(0);
        green.stop(0);
    }

    private Backend of(HttpServer server, String id) {
        return new Backend(id, "127.0.0.1", server.getAddress().getPort());
    }

    /** An HTTPS GET trusting only {@code authority}, with the name verified; the status, body and server certificate. */
    private static Object[] https(int port, String host, LocalCertificateAuthority authority) throws Exception {
        javax.net.ssl.SSLContext context = authority.clientContext();
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        try (socket) {
            javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName(host)));
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            socket.getOutputStream().write(("GET /page HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Object[] {response.substring(9, 12), response.substring(response.indexOf("\r\n\r\n") + 4),
                    socket.getSession().getPeerCertificates()};
        }
    }

    @Test
    void servesHttpsWithTheLocalAuthoritysCertificatesAndTakesNewOnesAtOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        LocalCertificateAuthority authority = LocalCertificateAuthority.loadOrCreate(dir, java.time.Clock.systemUTC());
        List<String> names = List.of("localhost", "*.localhost", "*.preview.localhost");
        dev.berth.core.port.CertificateAuthority.Issued first = authority.issue(names, new dev.berth.core.port.CertificateAuthority.DnsChallenges() {
            @Override
            public void publish(String recordName, String value) {
            }

            @Override
            public void withdraw(String recordName, String value) {
            }
        });
        balancer.serveHttps(0, List.of(new dev.berth.core.port.routing.TlsBundle("localhost", first.chainPem() + first.privateKeyPem())));
        balancer.apply(new RoutingTable(List.of(new InstanceRoutes("in-1", "Demo", List.of("demo.localhost"), List.of(of(blue, "as-blue")), List.of()))));

        Object[] answer = https(balancer.tlsPort(), "demo.localhost", authority);
        assertEquals("200", answer[0]);
        assertTrue(((String) answer[1]).startsWith("blue /page"), (String) answer[1]);
        java.security.cert.Certificate[] chain = (java.security.cert.Certificate[]) answer[2];
        java.security.cert.X509Certificate leaf = (java.security.cert.X509Certificate) chain[0];
        assertEquals(first.serial(), java.util.HexFormat.of().formatHex(leaf.getSerialNumber().toByteArray()));
        leaf.verify(authority.root().getPublicKey()); // signed by the local root
        assertEquals(authority.root().getSubjectX500Principal(), leaf.getIssuerX500Principal());
        assertEquals("200", get(balancer.port(), "demo.localhost", null)[0], "HTTP is still served");

        // A certificate from another authority is not trusted; a new one from the same is taken at the next handshake.
        LocalCertificateAuthority stranger = LocalCertificateAuthority.loadOrCreate(dir.resolve("other"), java.time.Clock.systemUTC());
        org.junit.jupiter.api.Assertions.assertThrows(javax.net.ssl.SSLHandshakeException.class,
                () -> https(balancer.tlsPort(), "demo.localhost", stranger));
        dev.berth.core.port.CertificateAuthority.Issued second = authority.sign(names, java.time.Instant.now().minusSeconds(60),
                java.time.Instant.now().plus(java.time.Duration.ofDays(10)));
        balancer.installCertificates(List.of(new dev.berth.core.port.routing.TlsBundle("localhost", second.chainPem() + second.privateKeyPem())));
        java.security.cert.X509Certificate renewed = (java.security.cert.X509Certificate) ((java.security.cert.Certificate[])
                https(balancer.tlsPort(), "demo.localhost", authority)[2])[0];
        assertEquals(second.serial(), java.util.HexFormat.of().formatHex(renewed.getSerialNumber().toByteArray()));
        // An instance's own certificate for its sub-sites, beside the domain's: each host gets the one that names it.
        dev.berth.core.port.CertificateAuthority.Issued demo = authority.sign(List.of("demo.localhost", "*.demo.localhost"),
                java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plus(java.time.Duration.ofDays(10)));
        balancer.installCertificates(List.of(new dev.berth.core.port.routing.TlsBundle("localhost", second.chainPem() + second.privateKeyPem()),
                new dev.berth.core.port.routing.TlsBundle("demo.localhost", demo.chainPem() + demo.privateKeyPem())));
        balancer.apply(new RoutingTable(List.of(new InstanceRoutes("in-1", "Demo", List.of("demo.localhost", "studio.demo.localhost"),
                List.of(of(blue, "as-blue")), List.of()))));
        java.security.cert.X509Certificate studio = (java.security.cert.X509Certificate) ((java.security.cert.Certificate[])
                https(balancer.tlsPort(), "studio.demo.localhost", authority)[2])[0];
        assertEquals(demo.serial(), java.util.HexFormat.of().formatHex(studio.getSerialNumber().toByteArray()), "a sub-site: the instance's");
        java.security.cert.X509Certificate lms = (java.security.cert.X509Certificate) ((java.security.cert.Certificate[])
                https(balancer.tlsPort(), "demo.localhost", authority)[2])[0];
        assertEquals(demo.serial(), java.util.HexFormat.of().formatHex(lms.getSerialNumber().toByteArray()), "its exact name wins over *.localhost");

        // The same authority again from its folder: the root was kept, its key readable by its owner only.
        assertEquals(authority.root(), LocalCertificateAuthority.loadOrCreate(dir, java.time.Clock.systemUTC()).root());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(dir.resolve("ca-key.pem"))));
    }

    @Test
    void routesByHostServesTheSetupPageAndProtectsPreviews() throws IOException {
        PreviewRoute preview = new PreviewRoute("as-green", "as-green.preview.localhost", "preview", "s3cret", of(green, "as-green"));
        ApplyReport report = balancer.apply(new RoutingTable(List.of(
                new InstanceRoutes("in-1", "Demo", List.of("demo.localhost", "studio.demo.localhost"), List.of(of(blue, "as-blue")), List.of(preview)),
                new InstanceRoutes("in-2", "New <site>", List.of("new.localhost"), List.of(), List.of()),
                new InstanceRoutes("in-3", "Squatter", List.of("DEMO.localhost"), List.of(of(green, "x")), List.of()))));
        assertEquals(List.of("in-1", "in-2"), report.applied());
        assertTrue(report.skipped().get("in-3").contains("demo.localhost"), "a clash skips that instance only");

        String[] page = get(balancer.port(), "Demo.Localhost:8081", null);
        assertEquals("200", page[0]);
        assertEquals("blue /page?x=1 via demo.localhost", page[1]);
        assertEquals("200", get(balancer.port(), "studio.demo.localhost", null)[0]);
        String[] setup = get(balancer.port(), "new.localhost", null);
        assertEquals("503", setup[0]);
        assertTrue(setup[1].contains("New &lt;site&gt;</b> is being set up"), setup[1]);
        assertEquals("404", get(balancer.port(), "nobody.localhost", null)[0]);
        assertEquals("401", get(balancer.port(), "as-green.preview.localhost", null)[0]);
        String wrong = "Basic " + Base64.getEncoder().encodeToString("preview:nope".getBytes(StandardCharsets.UTF_8));
        assertEquals("401", get(balancer.port(), "as-green.preview.localhost", wrong)[0]);
        String right = "Basic " + Base64.getEncoder().encodeToString("preview:s3cret".getBytes(StandardCharsets.UTF_8));
        String[] previewed = get(balancer.port(), "as-green.preview.localhost", right);
        assertEquals("200", previewed[0]);
        assertEquals("green /page?x=1 via as-green.preview.localhost", previewed[1], "credentials stay at the balancer");
        assertEquals(200, balancer.probe("demo.localhost", "/"));
        assertEquals(503, balancer.probe("new.localhost", "/"));
    }

    @Test
    void redirectsAreAnsweredByTheBalancer() throws IOException {
        var report = balancer.apply(new RoutingTable(List.of(new InstanceRoutes("drupal.sites", "Sites", List.of("sites.localhost"),
                List.of(of(blue, "node-1")), List.of())), List.of(
                new dev.berth.core.port.routing.Redirect("rt-1", "sites.localhost", "old", "https://www.example.edu/new", 307),
                new dev.berth.core.port.routing.Redirect("rt-2", "sites.localhost", "x", "javascript:alert(1)", 301))));
        assertTrue(report.skipped().containsKey("rt-2"), report.toString());
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), balancer.port())) {
            socket.getOutputStream().write("GET /old/deep?x=1 HTTP/1.1\r\nHost: sites.localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals("307", response.substring(9, 12));
            assertTrue(response.toLowerCase(java.util.Locale.ROOT).contains("location: https://www.example.edu/new"), response);
        }
        assertEquals("200", get(balancer.port(), "sites.localhost", null)[0], "other paths (/page) reach the web servers");
    }

    @Test
    void reApplyingSwitchesTraffic() throws IOException {
        balancer.apply(new RoutingTable(List.of(new InstanceRoutes("in-1", "Demo", List.of("demo.localhost"), List.of(of(blue, "a")), List.of()))));
        assertTrue(get(balancer.port(), "demo.localhost", null)[1].startsWith("blue"));
        balancer.apply(new RoutingTable(List.of(new InstanceRoutes("in-1", "Demo", List.of("demo.localhost"), List.of(of(green, "b")), List.of()))));
        assertTrue(get(balancer.port(), "demo.localhost", null)[1].startsWith("green"));
        green.stop(0);
        assertEquals("502", get(balancer.port(), "demo.localhost", null)[0]);
        assertEquals(502, balancer.probe("demo.localhost", "/"));
    }
}
