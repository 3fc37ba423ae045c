package dev.berth.network.haproxy;

import dev.berth.core.port.LoadBalancer;
import dev.berth.core.port.RemoteShell;
import dev.berth.core.port.compute.CloudException;
import dev.berth.core.port.compute.SshTarget;
import dev.berth.core.port.routing.ApplyReport;
import dev.berth.core.port.routing.InstanceRoutes;
import dev.berth.core.port.routing.RoutingTable;
import dev.berth.core.port.routing.TlsBundle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link LoadBalancer} on an HAProxy host reached over SSH: upload the new configuration, have
 * HAProxy check it there, and only then move it into place and reload. A configuration that fails
 * the check is never installed: the instances that make it fail are found, left out and reported,
 * and the rest is applied. Reconfigurations of one balancer are serialized by a lease.
 */
public final class HaproxyLoadBalancer implements LoadBalancer {

    /** Serializes the reconfigurations of one load balancer (a DynamoDB lease in production). */
    public interface Lease {
        void acquire();

        void release();
    }

    /**
     * Where and how: the configuration file, the check and reload commands, the public address for
     * probes, and TLS: where it binds ({@code null}: no TLS) and the folder its certificates are in.
     */
    public record Settings(String configPath, String checkCommand, String reloadCommand, URI publicAddress, String tlsBind,
                           String certificatesFolder) {
        public static Settings defaults(URI publicAddress) {
            return new Settings("/etc/haproxy/haproxy.cfg", "haproxy -c -q -f %s", "sudo systemctl reload haproxy", publicAddress,
                    "*:443", "/etc/haproxy/certs");
        }
    }


    private final RemoteShell shell;
    private final SshTarget host;
    private final HaproxyConfig config;
    private final Settings settings;
    private final Lease lease;

    public HaproxyLoadBalancer(RemoteShell shell, SshTarget host, HaproxyConfig config, Settings settings, Lease lease) {
        this.shell = shell;
        this.host = host;
        this.config = config;
        this.settings = settings;
        this.lease = lease;
    }

    @Override
    public ApplyReport apply(RoutingTable table) {
        lease.acquire();
        try {
            HaproxyConfig config = hasCertificates() ? this.config.withTls(settings.tlsBind(), settings.certificatesFolder()) : this.config;
            HaproxyConfig.Result result = config.generate(table);
            Map<String, String> skipped = new LinkedHashMap<>(result.skipped());
            String candidate = settings.configPath() + ".new";
            List<String> checkOutput = new ArrayList<>();
            if (!check(candidate, result.text(), checkOutput)) {
                // Find the instances HAProxy refuses, one at a time, and leave them out.
                List<InstanceRoutes> kept = new ArrayList<>();
                for (InstanceRoutes instance : table.instances()) {
                    if (!result.included().contains(instance.instanceId())) {
                        continue;
                    }
                    List<String> output = new ArrayList<>();
                    if (check(candidate, config.render(List.of(instance)), output)) {
                        kept.add(instance);
                    } else {
                        skipped.put(instance.instanceId(), "HAProxy refuses its configuration: " + String.join(" ", output));
                    }
                }
                result = config.generate(new RoutingTable(kept));
                if (!check(candidate, result.text(), checkOutput)) {
                    throw new CloudException.Permanent("HAProxy refuses the configuration even without the failing instances: "
                            + String.join(" ", checkOutput), null);
                }
                skipped.putAll(result.skipped());
            }
            int status = shell.run(host, "mv " + quote(candidate) + " " + quote(settings.configPath()) + " && " + settings.reloadCommand(), line -> { });
            if (status != 0) {
                throw new CloudException.Transient("Reloading HAProxy failed (exit " + status + ")", null);
            }
            return new ApplyReport(result.included(), skipped);
        } finally {
            lease.release();
        }
    }

    /**
     * The certificates go to a folder beside the installed one, are loaded by {@code haproxy -c},
     * and only then take its place (the previous folder kept as {@code .old}); the next
     * {@link #apply} terminates TLS with them. A bundle HAProxy refuses installs nothing.
     */
    @Override
    public void installCertificates(List<TlsBundle> bundles) {
        if (settings.tlsBind() == null) {
            throw new CloudException.Permanent("TLS is off on this load balancer (no TLS bind address)", null);
        }
        String folder = settings.certificatesFolder();
        String staged = folder + ".new";
        lease.acquire();
        try {
            run("rm -rf " + quote(staged) + " && mkdir -p " + quote(staged) + " && chmod 700 " + quote(staged), "prepare " + staged);
            for (TlsBundle bundle : bundles) {
                if (!HaproxyConfig.HOST.matcher(bundle.domain()).matches()) {
                    throw new CloudException.Permanent("Not a domain to name a certificate file after: " + bundle.domain(), null);
                }
                shell.upload(host, staged + "/" + bundle.domain() + ".pem", bundle.pem().getBytes(StandardCharsets.US_ASCII), 0600);
            }
            List<String> output = new ArrayList<>();
            if (!check(settings.configPath() + ".certificates", HaproxyConfig.certificatesCheck(staged), output)) {
                shell.run(host, "rm -rf " + quote(staged), line -> { });
                throw new CloudException.Permanent("HAProxy refuses the certificates, nothing was installed: " + String.join(" ", output), null);
            }
            run("rm -rf " + quote(folder + ".old") + " && if [ -d " + quote(folder) + " ]; then mv " + quote(folder) + " " + quote(folder + ".old")
                    + "; fi && mv " + quote(staged) + " " + quote(folder) + " && rm -f " + quote(settings.configPath() + ".certificates"), "install " + folder);
        } finally {
            lease.release();
        }
    }

    private boolean hasCertificates() {
        return settings.tlsBind() != null
                && shell.run(host, "ls " + quote(settings.certificatesFolder()) + "/*.pem >/dev/null 2>&1", line -> { }) == 0;
    }

    private void run(String command, String what) {
        int status = shell.run(host, command, line -> { });
        if (status != 0) {
            throw new CloudException.Transient("Could not " + what + " on the load balancer (exit " + status + ")", null);
        }
    }

    private boolean check(String path, String text, List<String> output) {
        shell.upload(host, path, text.getBytes(StandardCharsets.UTF_8), 0644);
        output.clear();
        return shell.run(host, String.format(settings.checkCommand(), quote(path)) + " 2>&1", output::add) == 0;
    }

    /** GET through the balancer's public address with the Host header a browser would send. */
    @Override
    public int probe(String hostName, String path) {
        URI address = settings.publicAddress();
        int port = address.getPort() < 0 ? 80 : address.getPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHost(), port), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + hostName + "\r\n" + HaproxyConfig.PROBE_HEADER
                    + ": 1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return statusLine.startsWith("HTTP/") ? Integer.parseInt(statusLine.substring(9, 12)) : 502;
        } catch (IOException | NumberFormatException e) {
            return 502;
        }
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
