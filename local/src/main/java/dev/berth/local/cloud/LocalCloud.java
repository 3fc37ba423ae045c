package dev.berth.local.cloud;

import dev.berth.cloud.ssh.SshjRemoteShell;
import dev.berth.core.port.ComputeProvider;
import dev.berth.core.port.Dns;
import dev.berth.core.port.LoadBalancer;
import dev.berth.core.port.RemoteShell;
import dev.berth.core.port.routing.DnsRecord;
import dev.berth.local.Component;
import dev.berth.local.LocalRuntime;
import dev.berth.local.notify.RecordingNotifier;
import dev.berth.localcloud.LocalComputeProvider;
import dev.berth.localcloud.LocalKeys;
import dev.berth.localcloud.LocalLoadBalancer;
import dev.berth.localcloud.LocalCertificateAuthority;
import dev.berth.core.port.CertificateAuthority;
import dev.berth.core.port.routing.TlsBundle;
import java.time.Instant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The laptop's cloud, handed to the handlers in place of OpenStack, HAProxy and DNS: VMs that are
 * directories with their own SSH and web servers, the reverse proxy on the instances' port
 * (8081), and DNS that has nothing to do ({@code *.localhost} is loopback).
 */
public final class LocalCloud {
    private final LocalComputeProvider compute;
    private final LocalLoadBalancer loadBalancer;
    private final RecordingDns dns = new RecordingDns();
    private final RecordingNotifier notifications;
    private final Path root;

    private final LocalCertificateAuthority certificateAuthority;

    private LocalCloud(Path root, int proxyPort, Duration bootDelay) throws IOException {
        this.root = root;
        KeyPair keys = LocalKeys.loadOrCreate(root.resolve("keys"));
        this.compute = new LocalComputeProvider(root, keys.getPublic(), bootDelay, Clock.systemUTC());
        this.loadBalancer = new LocalLoadBalancer(proxyPort);
        // HTTPS beside HTTP from the start, with the local authority's certificate for *.localhost (8443 beside 8081).
        this.certificateAuthority = LocalCertificateAuthority.loadOrCreate(root.resolve("tls"), Clock.systemUTC());
        CertificateAuthority.Issued localhost = certificateAuthority.sign(LOCAL_NAMES, Instant.now().minus(Duration.ofMinutes(5)),
                Instant.now().plus(Duration.ofDays(90)));
        List<TlsBundle> bundles = List.of(new TlsBundle("localhost", localhost.chainPem() + localhost.privateKeyPem()));
        loadBalancer.issueOnDemand(host -> {
            CertificateAuthority.Issued issued = certificateAuthority.sign(List.of(host), Instant.now().minus(Duration.ofMinutes(5)),
                    Instant.now().plus(Duration.ofDays(90)));
            return new TlsBundle(host, issued.chainPem() + issued.privateKeyPem());
        });
        try {
            loadBalancer.serveHttps(proxyPort == 0 ? 0 : proxyPort + TLS_PORT_OFFSET, bundles);
        } catch (java.net.BindException taken) {
            loadBalancer.serveHttps(0, bundles); // the usual port is someone else's: any other (tlsPort() says which)
        }
        this.shell = SshjRemoteShell.withKeyPair(keys);
        this.notifications = new RecordingNotifier(root.resolve("notifications.jsonl"));
    }

    private final RemoteShell shell;
    /** The names of the local proxy's first certificate: what the base domain {@code localhost} would get. */
    private static final List<String> LOCAL_NAMES = List.of("localhost", "*.localhost", "*.preview.localhost");
    private static final int TLS_PORT_OFFSET = 362;

    /** The environment the local cloud needs its functions to see (process variables still win). */
    public static Map<String, String> defaults(int apiPort, int proxyPort) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BERTH_DEPLOY_MODE", "demo");
        env.put("BERTH_SSH_USER", "berth");
        env.put("BERTH_LAUNCH_POLL_SECONDS", "2");
        env.put("BERTH_BOOT_TIMEOUT_MINUTES", "5");
        env.put("BERTH_PUBLIC_SCHEME", "http");
        env.put("BERTH_PUBLIC_PORT", Integer.toString(proxyPort));
        env.put("BERTH_DNS_TARGET", "127.0.0.1");
        env.put("BERTH_CONSOLE_URL", "http://localhost:" + apiPort + "/");
        env.put("BERTH_GITHUB_WEBHOOK_SECRET", "local-webhook-secret");
        env.put("BERTH_NODE_BOOT_MINUTES", "5");
        // The VMs' web servers admit only the load balancer; a VM asks its own web server on its own address.
        env.put("BERTH_WEB_SOURCES", LocalLoadBalancer.SOURCE_ADDRESS.getHostAddress() + "/32");
        env.put("BERTH_VM_HTTP_CHECK_COMMAND", LocalComputeProvider.HTTP_CHECK_COMMAND);
        env.put("BERTH_TLS_DOMAINS", "localhost"); // the renew-certificates job: the local authority, through the local DNS
        env.put("BERTH_ALLOW_LOCAL_GIT", "true"); // builds and code items may clone file:/// repositories made by tests
        return env;
    }

    /** Creates the local cloud in {@code root}; the proxy listens from here on. */
    public static LocalCloud create(Path root, int proxyPort, Duration bootDelay) throws IOException {
        Files.createDirectories(root);
        return new LocalCloud(root, proxyPort, bootDelay);
    }

    /** Stops the local cloud with the runtime. */
    public void installInto(LocalRuntime runtime) {
        runtime.add(Component.of("local cloud", Component.Action.NONE, this::close));
    }

    public ComputeProvider computeProvider() {
        return compute;
    }

    public RemoteShell shell() {
        return shell;
    }

    public LoadBalancer loadBalancer() {
        return loadBalancer;
    }

    /** Incident notices, recorded in {@code <cloud>/notifications.jsonl} (the laptop has no mail server). */
    public RecordingNotifier notifications() {
        return notifications;
    }

    public Dns dns() {
        return dns;
    }

    public int proxyPort() {
        return loadBalancer.port();
    }

    /** The local proxy's HTTPS port (8443 when the proxy is on 8081). */
    public int tlsPort() {
        return loadBalancer.tlsPort();
    }

    /** The authority the local proxy's certificates come from; trust its {@code tls/ca.pem} to browse over HTTPS. */
    public LocalCertificateAuthority certificateAuthority() {
        return certificateAuthority;
    }

    public Path root() {
        return root;
    }

    public LocalComputeProvider compute() {
        return compute;
    }

    public List<DnsRecord> dnsRecords() {
        return dns.records();
    }

    public void close() {
        loadBalancer.close();
        compute.close();
    }

    /** DNS with nothing to do locally; it keeps what it was asked, for the curious and for tests. */
    static final class RecordingDns implements Dns {
        private final Map<String, DnsRecord> records = new LinkedHashMap<>();

        @Override
        public synchronized void upsert(List<DnsRecord> changes) {
            changes.forEach(r -> records.put(r.fqdn(), r));
        }

        @Override
        public synchronized void delete(List<DnsRecord> changes) {
            changes.forEach(r -> records.remove(r.fqdn()));
        }

        synchronized List<DnsRecord> records() {
            return new ArrayList<>(records.values());
        }
    }
}
