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
        LoadBalancer loadBalancer = adapters.get(LoadBalancer.class, () -> NetworkAdapters.loadBalancer(env));
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

        static LoadBalancer loadBalancer(Map<String, String> env) {
            throw new IllegalStateException("No load balancer configured for this function (BERTH_LOAD_BALANCER)");
        }

        static Dns dns(Map<String, String> env) {
            throw new IllegalStateException("No DNS provider configured for this function (BERTH_DNS)");
        }
    }
}
