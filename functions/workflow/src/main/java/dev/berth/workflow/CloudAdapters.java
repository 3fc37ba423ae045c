package dev.berth.workflow;

import dev.berth.aws.AwsClients;
import dev.berth.cloud.openstack.OpenStackComputeProvider;
import dev.berth.cloud.ssh.SshjRemoteShell;
import dev.berth.core.port.ComputeProvider;
import dev.berth.core.port.Dns;
import dev.berth.core.port.LoadBalancer;
import dev.berth.core.port.RemoteShell;
import dev.berth.core.port.compute.SshTarget;
import dev.berth.core.port.routing.DnsRecord;
import dev.berth.core.repository.Leases;
import dev.berth.network.dns.GandiLiveDns;
import dev.berth.network.dns.Route53Dns;
import dev.berth.network.haproxy.HaproxyConfig;
import dev.berth.network.haproxy.HaproxyLoadBalancer;
import dev.berth.workflow.step.TransientStepException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * The cloud of a deployed workflow function, from its environment (template.yaml and SSM):
 * OpenStack, SSH with the stack's key, HAProxy over SSH, and Route 53 or Gandi. Only
 * {@link WorkflowRoot} uses this; the local runtime hands in its local cloud instead.
 */
final class CloudAdapters {
    private static final Duration LEASE = Duration.ofMinutes(2);

    private CloudAdapters() {
    }

    static ComputeProvider compute(Map<String, String> env) {
        return OpenStackComputeProvider.fromEnvironment(env);
    }

    static RemoteShell shell(Map<String, String> env) {
        return SshjRemoteShell.withPrivateKeyPem(required(env, "BERTH_SSH_PRIVATE_KEY"));
    }

    static LoadBalancer loadBalancer(Map<String, String> env, RemoteShell shell, Leases leases) {
        String kind = env.getOrDefault("BERTH_LOAD_BALANCER", "haproxy");
        if (!kind.equals("haproxy")) {
            throw new IllegalStateException("BERTH_LOAD_BALANCER must be haproxy, not " + kind);
        }
        String host = required(env, "BERTH_HAPROXY_HOST");
        SshTarget target = new SshTarget(host, Integer.parseInt(env.getOrDefault("BERTH_HAPROXY_SSH_PORT", "22")),
                env.getOrDefault("BERTH_HAPROXY_SSH_USER", "ubuntu"), required(env, "BERTH_HAPROXY_HOST_KEY"));
        HaproxyLoadBalancer.Settings defaults = HaproxyLoadBalancer.Settings.defaults(
                URI.create(env.getOrDefault("BERTH_HAPROXY_PUBLIC_URL", "http://" + host)));
        HaproxyLoadBalancer.Settings settings = new HaproxyLoadBalancer.Settings(
                env.getOrDefault("BERTH_HAPROXY_CONFIG_PATH", defaults.configPath()), defaults.checkCommand(),
                env.getOrDefault("BERTH_HAPROXY_RELOAD_COMMAND", defaults.reloadCommand()), defaults.publicAddress(),
                blankToNull(env.getOrDefault("BERTH_HAPROXY_TLS_BIND", defaults.tlsBind())),
                env.getOrDefault("BERTH_HAPROXY_CERTIFICATES", defaults.certificatesFolder()));
        return new HaproxyLoadBalancer(shell, target, new HaproxyConfig(env.getOrDefault("BERTH_HAPROXY_BIND", "*:80"),
                env.getOrDefault("BERTH_HEARTBEAT_PATH", "/heartbeat")), settings, lease(leases, "haproxy:" + host));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** One reconfiguration of a balancer at a time, across every function: a lease in the table, waited for. */
    private static HaproxyLoadBalancer.Lease lease(Leases leases, String name) {
        String holder = UUID.randomUUID().toString();
        return new HaproxyLoadBalancer.Lease() {
            @Override
            public void acquire() {
                for (int attempt = 0; attempt < 600; attempt++) {
                    if (leases.acquire(name, holder, LEASE, Instant.now())) {
                        return;
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                throw new TransientStepException("Another reconfiguration holds the lease " + name, null);
            }

            @Override
            public void release() {
                leases.release(name, holder);
            }
        };
    }

    static Dns dns(Map<String, String> env) {
        return switch (env.getOrDefault("BERTH_DNS", "none")) {
            case "route53" -> new Route53Dns(AwsClients.configure(Route53Client.builder(), Region.AWS_GLOBAL, env.get("BERTH_ROUTE53_ENDPOINT"))
                    .build(), required(env, "BERTH_ROUTE53_ZONE_ID"));
            case "gandi" -> new GandiLiveDns(env.getOrDefault("BERTH_GANDI_API_URL", "https://api.gandi.net/v5"),
                    required(env, "BERTH_GANDI_ZONE"), required(env, "BERTH_GANDI_TOKEN"));
            case "none" -> NO_DNS;
            default -> throw new IllegalStateException("BERTH_DNS must be route53, gandi or none");
        };
    }

    /** DNS managed elsewhere (a wildcard record, for instance). */
    private static final Dns NO_DNS = new Dns() {
        @Override
        public void upsert(List<DnsRecord> records) {
            // nothing to do
        }

        @Override
        public void delete(List<DnsRecord> records) {
            // nothing to do
        }
    };

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }
}
