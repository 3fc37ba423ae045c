package dev.berth.network.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.core.jobs.JobLog;
import dev.berth.core.jobs.JobReport;
import dev.berth.core.port.CertificateAuthority;
import dev.berth.core.port.Dns;
import dev.berth.core.port.LoadBalancer;
import dev.berth.core.port.routing.ApplyReport;
import dev.berth.core.port.routing.DnsRecord;
import dev.berth.core.port.routing.RoutingTable;
import dev.berth.core.port.routing.TlsBundle;
import dev.berth.core.repository.Repositories;
import dev.berth.core.testing.memory.InMemoryRepositories;
import dev.berth.core.testing.memory.InMemorySecretStore;
import dev.berth.core.tls.CertificateService;
import dev.berth.core.tls.TlsCertificate;
import dev.berth.localcloud.LocalCertificateAuthority;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates from a real ACME server: Debian's Pebble, whose DNS-01 validations ask Pebble's
 * challenge test server, where the DNS port under test publishes the TXT records. The renewal
 * decision is checked with the clock moved on.
 */
class PebbleCertificatesTest {
    @TempDir
    static Path dir;
    private static final List<Process> processes = new ArrayList<>();
    private static int acmePort;
    private static int challengeManagement;
    private static String listenerCa;
    private static LocalCertificateAuthority listener;

    @BeforeAll
    static void start() throws Exception {
        for (String binary : List.of("/usr/bin/pebble", "/usr/bin/pebble-challtestsrv")) {
            if (!Files.isExecutable(Path.of(binary))) {
                fail(binary + " is not installed: scripts/install-test-deps.sh installs Debian's pebble (./berth test runs it)");
            }
        }
        int dnsPort = freePort();
        challengeManagement = freePort();
        processes.add(start("challtestsrv", List.of("/usr/bin/pebble-challtestsrv", "-dns01", "127.0.0.1:" + dnsPort, "-management",
                "127.0.0.1:" + challengeManagement, "-http01", "", "-https01", "", "-tlsalpn01", ""), challengeManagement));
        // Pebble's own HTTPS listener gets a certificate from a local authority the client is told to trust.
        listener = LocalCertificateAuthority.loadOrCreate(dir.resolve("listener-ca"), Clock.systemUTC());
        CertificateAuthority.Issued issued = listener.sign(List.of("localhost"), Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)));
        Files.writeString(dir.resolve("cert.pem"), issued.chainPem());
        Files.writeString(dir.resolve("key.pem"), issued.privateKeyPem());
        listenerCa = listener.rootPem();
        acmePort = freePort();
        int management = freePort();
        Files.writeString(dir.resolve("pebble.json"), "{\"pebble\": {\"listenAddress\": \"127.0.0.1:" + acmePort + "\", \"managementListenAddress\": "
                + "\"127.0.0.1:" + management + "\", \"certificate\": \"" + dir.resolve("cert.pem") + "\", \"privateKey\": \"" + dir.resolve("key.pem")
                + "\", \"httpPort\": " + freePort() + ", \"tlsPort\": " + freePort() + ", \"ocspResponderURL\": \"\", "
                + "\"externalAccountBindingRequired\": false}}");
        processes.add(start("pebble", List.of("/usr/bin/pebble", "-config", dir.resolve("pebble.json").toString(), "-dnsserver",
                "127.0.0.1:" + dnsPort), acmePort));
        managementPort = management;
    }

    private static int managementPort;

    @AfterAll
    static void stop() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Process start(String name, List<String> command, int port) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("PEBBLE_VA_NOSLEEP", "1");
        builder.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
        Process process = builder.start();
        for (int i = 0; i < 100; i++) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return process;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        process.destroy();
        throw new AssertionError(name + " did not start: " + Files.readString(dir.resolve(name + ".log")));
    }

    /** The DNS port over the challenge test server's management API: what Pebble's validations will find. */
    static final class ChallengeServerDns implements Dns {
        final List<String> calls = new CopyOnWriteArrayList<>();
        private final HttpClient http = HttpClient.newHttpClient();

        @Override
        public void upsert(List<DnsRecord> records) {
            records.forEach(r -> post("/set-txt", "{\"host\":\"" + r.fqdn() + ".\",\"value\":\"" + r.value() + "\"}", "publish " + r.fqdn()));
        }

        @Override
        public void delete(List<DnsRecord> records) {
            records.forEach(r -> post("/clear-txt", "{\"host\":\"" + r.fqdn() + ".\"}", "withdraw " + r.fqdn()));
        }

        private void post(String path, String body, String call) {
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + challengeManagement + path))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode(), answer.body());
                calls.add(call);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The balancer's side: what it was asked to install. */
    static final class Installed implements LoadBalancer {
        final List<List<TlsBundle>> installs = new CopyOnWriteArrayList<>();

        @Override
        public ApplyReport apply(RoutingTable table) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void installCertificates(List<TlsBundle> bundles) {
            installs.add(bundles);
        }

        @Override
        public int probe(String host, String path) {
            throw new UnsupportedOperationException();
        }
    }

    /** Pebble's root of the moment (it makes a new one each start), from its management API. */
    private static X509Certificate pebbleRoot() throws Exception {
        SSLContext context = listener.clientContext();
        HttpResponse<String> root = HttpClient.newBuilder().sslContext(context).build().send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + managementPort + "/roots/0")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, root.statusCode());
        return (X509Certificate) certificates(root.body()).iterator().next();
    }

    private static Collection<? extends java.security.cert.Certificate> certificates(String pem) throws Exception {
        return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aWildcardCertificateIsIssuedThroughDnsChallengesStoredInstalledAndRenewedWhenDue() throws Exception {
        Repositories repositories = InMemoryRepositories.create();
        InMemorySecretStore secrets = new InMemorySecretStore();
        ChallengeServerDns dns = new ChallengeServerDns();
        Installed balancer = new Installed();
        java.util.concurrent.atomic.AtomicInteger reapplied = new java.util.concurrent.atomic.AtomicInteger();
        AcmeCertificateAuthority acme = new AcmeCertificateAuthority(URI.create("https://localhost:" + acmePort + "/dir"), "ops@example.edu",
                secrets, listenerCa, Duration.ofSeconds(60));
        Instant start = Instant.now();
        CertificateService service = new CertificateService(repositories.certificates(), acme, dns, secrets, balancer, List.of("example.edu"),
                () -> List.of("demo.example.edu", "other.example.org"), "preview", reapplied::incrementAndGet, Clock.fixed(start, ZoneOffset.UTC));

        JobLog log = new JobLog("renew-certificates");
        service.renew(log);
        JobReport report = log.report(1);
        assertTrue(log.problems().isEmpty(), report.toString());

        TlsCertificate recorded = repositories.certificates().get("example.edu", "Certificate");
        assertEquals(List.of("example.edu", "*.example.edu", "*.preview.example.edu"), recorded.names());
        String bundle = secrets.get(TlsCertificate.bundleSecret("example.edu")).orElseThrow();
        assertTrue(bundle.contains("PRIVATE KEY"), "the key is kept with its chain, in the secret store only");
        assertFalse(recorded.toString().contains("PRIVATE"));
        List<X509Certificate> chain = new ArrayList<>();
        String end = "-----END CERTIFICATE-----";
        certificates(bundle.substring(0, bundle.lastIndexOf(end) + end.length())).forEach(c -> chain.add((X509Certificate) c));
        X509Certificate leaf = chain.get(0);
        Set<String> sans = new java.util.HashSet<>();
        leaf.getSubjectAlternativeNames().forEach(entry -> sans.add((String) entry.get(1)));
        assertEquals(Set.copyOf(recorded.names()), sans);
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(pebbleRoot(), null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(chain.subList(0, chain.size())),
                parameters); // the chain leads to Pebble's root
        assertEquals(leaf.getNotAfter().toInstant(), recorded.notAfter());
        TlsCertificate instance = repositories.certificates().get("demo.example.edu", "Certificate");
        assertEquals(List.of("demo.example.edu", "*.demo.example.edu"), instance.names(), "an instance's own: its sub-sites (studio.demo...)");
        assertTrue(repositories.certificates().find("other.example.org").isEmpty(), "not under a TLS domain: none");
        assertEquals(Set.of(new TlsBundle("example.edu", bundle), new TlsBundle("demo.example.edu",
                secrets.get(TlsCertificate.bundleSecret("demo.example.edu")).orElseThrow())), Set.copyOf(balancer.installs.get(0)),
                "installed on the load balancer");
        // A domain and its wildcard share one TXT name: each published, proven and withdrawn before the next.
        assertEquals(List.of("publish _acme-challenge.example.edu", "withdraw _acme-challenge.example.edu", "publish _acme-challenge.example.edu",
                "withdraw _acme-challenge.example.edu", "publish _acme-challenge.preview.example.edu", "withdraw _acme-challenge.preview.example.edu"),
                dns.calls.stream().filter(c -> !c.contains("demo")).sorted(java.util.Comparator.comparing((String c) -> c.contains("preview"))).toList());
        assertTrue(secrets.get(AcmeCertificateAuthority.ACCOUNT_KEY_SECRET).isPresent(), "the ACME account key is kept for the next run");

        // Not due: nothing issued, the same certificate installed again.
        assertFalse(CertificateService.due(recorded, recorded.names(), start.plus(Duration.ofDays(10))));
        service.renew(new JobLog("renew-certificates"));
        assertEquals(recorded, repositories.certificates().get("example.edu", "Certificate"));
        // 30 days before it expires, it is due: a new certificate replaces it.
        Instant late = recorded.notAfter().minus(Duration.ofDays(29));
        assertTrue(CertificateService.due(recorded, recorded.names(), late));
        assertTrue(CertificateService.due(recorded, List.of("example.edu", "*.example.edu", "*.preview.example.edu", "*.new.example.edu"), start),
                "a certificate missing a name is due");
        new CertificateService(repositories.certificates(), acme, dns, secrets, balancer, List.of("example.edu"), () -> List.of("demo.example.edu"),
                "preview", reapplied::incrementAndGet, Clock.fixed(late, ZoneOffset.UTC)).renew(new JobLog("renew-certificates"));
        TlsCertificate renewed = repositories.certificates().get("example.edu", "Certificate");
        assertNotEquals(recorded.serial(), renewed.serial());
        assertEquals(2, renewed.version());
        assertEquals(3, balancer.installs.size());
        assertEquals(3, reapplied.get(), "the routing applied again after each install (HAProxy binds HTTPS with them)");

        // The instance is archived: its certificate goes, from the table, the secret store and the balancer.
        new CertificateService(repositories.certificates(), acme, dns, secrets, balancer, List.of("example.edu"), List::of,
                "preview", reapplied::incrementAndGet, Clock.fixed(late, ZoneOffset.UTC)).renew(new JobLog("renew-certificates"));
        assertTrue(repositories.certificates().find("demo.example.edu").isEmpty());
        assertTrue(secrets.get(TlsCertificate.bundleSecret("demo.example.edu")).isEmpty());
        assertEquals(List.of("example.edu"), balancer.installs.get(3).stream().map(TlsBundle::domain).toList());
    }
}
