package dev.berth.workflow;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cloud.ssh.SshjRemoteShell;
import dev.berth.core.BerthCore;
import dev.berth.core.port.Adapters;
import dev.berth.core.port.ComputeProvider;
import dev.berth.core.port.RemoteShell;
import dev.berth.workflow.launch.LaunchSettings;
import dev.berth.workflow.launch.LaunchSteps;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;

/**
 * The Lambda behind every Task of the LaunchAppServer state machine: {@code {"step": name,
 * "appServerId": id, ...}} in, the step's result out. An exception's class name is the error the
 * state machine's Retry and Catch match ({@link TransientStepException} is retried).
 */
public final class LaunchStepsHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LaunchSteps steps;

    public LaunchStepsHandler() {
        this(SsmSettings.resolve(System.getenv()));
    }

    public LaunchStepsHandler(Map<String, String> env) {
        this(env, Adapters.NONE);
    }

    public LaunchStepsHandler(Map<String, String> env, Adapters adapters) {
        BerthCore core = BerthCore.create(env, adapters);
        ComputeProvider compute = adapters.get(ComputeProvider.class, () -> CloudAdapters.compute(env));
        RemoteShell shell = adapters.get(RemoteShell.class, () -> CloudAdapters.shell(env));
        this.steps = new LaunchSteps(core.appServerStore(), core.appServers(), compute, shell,
                LaunchSettings.fromEnvironment(env), core.instanceStore(), new dev.berth.core.service.RoutingRequests(core.workflows()),
                env.containsKey("BERTH_TEAM_GITHUB_ORGANIZATION")
                        ? adapters.get(dev.berth.core.port.GitHub.class, () -> dev.berth.github.rest.GitHubRestClient.fromEnvironment(env)) : null,
                Clock.systemUTC());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode request = JSON.readTree(input);
        String step = request.path("step").asText();
        String id = request.path("appServerId").asText(null);
        if (id == null) {
            throw new PermanentStepException("The step input has no appServerId: " + request, null);
        }
        Map<String, Object> result = switch (step) {
            case "prepare" -> steps.prepare(id);
            case "ensureSecurityGroup" -> steps.ensureSecurityGroup(id);
            case "bootVm" -> steps.bootVm(id);
            case "checkVm" -> steps.checkVm(id);
            case "startDeploy" -> steps.startDeploy(id);
            case "pollDeploy" -> steps.pollDeploy(id);
            case "checkHeartbeat" -> steps.checkHeartbeat(id);
            case "recordFailure" -> steps.recordFailure(id, request.path("status").asText("error"),
                    JSON.convertValue(request.path("failure"), new TypeReference<Map<String, Object>>() { }));
            default -> throw new PermanentStepException("Unknown launch step '" + step + "'", null);
        };
        JSON.writeValue(output, result);
    }

    /** The cloud adapters of a deployed function, from its environment. */
    static final class CloudAdapters {
        private CloudAdapters() {
        }

        static ComputeProvider compute(Map<String, String> env) {
            return dev.berth.cloud.openstack.OpenStackComputeProvider.fromEnvironment(env);
        }

        static RemoteShell shell(Map<String, String> env) {
            String pem = env.get("BERTH_SSH_PRIVATE_KEY");
            if (pem == null || pem.isBlank()) {
                throw new IllegalStateException("BERTH_SSH_PRIVATE_KEY is not set: the launch cannot reach its VMs");
            }
            return SshjRemoteShell.withPrivateKeyPem(pem);
        }
    }
}
