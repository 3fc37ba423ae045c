package dev.berth.workflow;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.BerthCore;
import dev.berth.core.port.Adapters;
import dev.berth.core.port.ComputeProvider;
import dev.berth.core.port.Dns;
import dev.berth.core.port.LoadBalancer;
import dev.berth.core.service.RoutingService;
import dev.berth.core.store.Fleet;
import dev.berth.network.dns.GandiLiveDns;
import dev.berth.network.dns.Route53Dns;
import dev.berth.network.haproxy.HaproxyConfig;
import dev.berth.network.haproxy.HaproxyLoadBalancer;
import dev.berth.workflow.routing.RoutingSteps;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Lambda behind the Tasks of the SyncRouting and TerminateAppServer state machines. */
public final class RoutingStepsHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RoutingSteps steps;

    public RoutingStepsHandler() {
        this(SsmSettings.resolve(System.getenv()));
    }

    public RoutingStepsHandler(Map<String, String> env) {
        this(env, Adapters.NONE);
    }

    public RoutingStepsHandler(Map<String, String> env, Adapters adapters) {
        BerthCore core = BerthCore.create(env, adapters);
        LoadBalancer loadBalancer = adapters.get(LoadBalancer.class, () -> NetworkAdapters.loadBalancer(env, core));
        Dns dns = adapters.get(Dns.class, () -> NetworkAdapters.dns(env));
        ComputeProvider compute = adapters.get(ComputeProvider.class, () -> LaunchStepsHandler.CloudAdapters.compute(env));
        this.steps = new RoutingSteps(core.instanceStore(), core.appServerStore(),
                new RoutingService(new Fleet(core.instanceStore(), core.appServerStore())), core.activation(),
                loadBalancer, dns, compute, env.getOrDefault("BERTH_DNS_TARGET", "127.0.0.1"),
                env.getOrDefault("BERTH_HEARTBEAT_PATH", "/heartbeat"));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode request = JSON.readTree(input);
        String step = request.path("step").asText();
        Map<String, Object> result = switch (step) {
            case "applyRouting" -> steps.applyRouting(request.path("instanceId").asText(null));
            case "healthGate" -> steps.healthGate(request.path("instanceId").asText(), request.path("instanceVersion").asLong());
            case "rollback" -> steps.rollback(request.path("instanceId").asText(), request.path("instanceVersion").asLong(),
                    strings(request.path("previousActive")), request.path("failure").path("Cause").asText("the health gate failed"));
            case "deleteVm" -> steps.deleteVm(request.path("appServerId").asText());
            default -> throw new PermanentStepException("Unknown routing step '" + step + "'", null);
        };
        JSON.writeValue(output, result);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    /** The load balancer and DNS of a deployed function, from its environment. */
    static final class NetworkAdapters {
        private NetworkAdapters() {
        }

        static LoadBalancer loadBalancer(Map<String, String> env, BerthCore core) {
            String kind = env.getOrDefault("BERTH_LOAD_BALANCER", "haproxy");
            if (!kind.equals("haproxy")) {
                throw new IllegalStateException("BERTH_LOAD_BALANCER must be haproxy, not " + kind);
            }
            String host = required(env, "BERTH_HAPROXY_HOST");
            dev.berth.core.port.compute.SshTarget target = new dev.berth.core.port.compute.SshTarget(host,
                    Integer.parseInt(env.getOrDefault("BERTH_HAPROXY_SSH_PORT", "22")), env.getOrDefault("BERTH_HAPROXY_SSH_USER", "ubuntu"),
                    required(env, "BERTH_HAPROXY_HOST_KEY"));
            dev.berth.core.store.Leases leases = new dev.berth.core.store.Leases(core.dynamo(), core.config().tableName());
            String holder = java.util.UUID.randomUUID().toString();
            HaproxyLoadBalancer.Lease lease = new HaproxyLoadBalancer.Lease() {
                @Override
                public void acquire() {
                    for (int attempt = 0; attempt < 600; attempt++) {
                        if (leases.acquire("haproxy:" + host, holder, java.time.Duration.ofMinutes(2), java.time.Instant.now())) {
                            return;
                        }
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                    }
                    throw new TransientStepException("Another reconfiguration of " + host + " holds the lease", null);
                }

                @Override
                public void release() {
                    leases.release("haproxy:" + host, holder);
                }
            };
            HaproxyLoadBalancer.Settings defaults = HaproxyLoadBalancer.Settings.defaults(
                    java.net.URI.create(env.getOrDefault("BERTH_HAPROXY_PUBLIC_URL", "http://" + host)));
            HaproxyLoadBalancer.Settings settings = new HaproxyLoadBalancer.Settings(
                    env.getOrDefault("BERTH_HAPROXY_CONFIG_PATH", defaults.configPath()), defaults.checkCommand(),
                    env.getOrDefault("BERTH_HAPROXY_RELOAD_COMMAND", defaults.reloadCommand()), defaults.publicAddress());
            return new HaproxyLoadBalancer(LaunchStepsHandler.CloudAdapters.shell(env), target,
                    new HaproxyConfig(env.getOrDefault("BERTH_HAPROXY_BIND", "*:80"), env.getOrDefault("BERTH_HEARTBEAT_PATH", "/heartbeat")),
                    settings, lease);
        }

        static Dns dns(Map<String, String> env) {
            return switch (env.getOrDefault("BERTH_DNS", "none")) {
                case "route53" -> new Route53Dns(software.amazon.awssdk.services.route53.Route53Client.builder()
                        .httpClient(software.amazon.awssdk.http.apache.ApacheHttpClient.create())
                        .region(software.amazon.awssdk.regions.Region.AWS_GLOBAL).build(), required(env, "BERTH_ROUTE53_ZONE_ID"));
                case "gandi" -> new GandiLiveDns(env.getOrDefault("BERTH_GANDI_API_URL", "https://api.gandi.net/v5"),
                        required(env, "BERTH_GANDI_ZONE"), required(env, "BERTH_GANDI_TOKEN"));
                case "none" -> new Dns() {
                    @Override
                    public void upsert(List<dev.berth.core.port.routing.DnsRecord> records) {
                        // DNS is managed elsewhere (a wildcard record, for instance)
                    }

                    @Override
                    public void delete(List<dev.berth.core.port.routing.DnsRecord> records) {
                        // same
                    }
                };
                default -> throw new IllegalStateException("BERTH_DNS must be route53, gandi or none");
            };
        }

        private static String required(Map<String, String> env, String name) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(name + " is not set");
            }
            return value;
        }
    }
}
