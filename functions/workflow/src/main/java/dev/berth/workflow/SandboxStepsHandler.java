package dev.berth.workflow;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.BerthCore;
import dev.berth.core.port.Adapters;
import dev.berth.core.port.GitHub;
import dev.berth.core.port.compute.CloudException;
import dev.berth.core.store.Fleet;
import dev.berth.github.rest.GitHubRestClient;
import dev.berth.workflow.sandbox.SandboxSteps;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;

/** The Lambda behind the Tasks of the PullRequestSandbox state machine. */
public final class SandboxStepsHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SandboxSteps steps;

    public SandboxStepsHandler() {
        this(SsmSettings.resolve(System.getenv()));
    }

    public SandboxStepsHandler(Map<String, String> env) {
        this(env, Adapters.NONE);
    }

    public SandboxStepsHandler(Map<String, String> env, Adapters adapters) {
        BerthCore core = BerthCore.create(env, adapters);
        GitHub github = adapters.get(GitHub.class, () -> GitHubRestClient.fromEnvironment(env));
        this.steps = new SandboxSteps(core.watchedRepositoryStore(), core.instanceStore(), core.appServerStore(), core.instances(),
                core.appServers(), core.activation(), new Fleet(core.instanceStore(), core.appServerStore()), github, core.config(),
                Integer.parseInt(env.getOrDefault("BERTH_LAUNCH_POLL_SECONDS", "30")), env.get("BERTH_CONSOLE_URL"), Clock.systemUTC());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode request = JSON.readTree(input);
        try {
            Map<String, Object> result = switch (request.path("step").asText()) {
                case "handle" -> steps.handle(request.path("repository").asText(), request.path("number").asInt(), request.path("action").asText());
                case "checkLaunch" -> steps.checkLaunch(request.path("appServerId").asText(), request.path("instanceId").asText(),
                        request.path("headSha").asText());
                case "activate" -> steps.activate(request.path("appServerId").asText(), request.path("repository").asText(),
                        request.path("headSha").asText());
                case "reportFailure" -> steps.reportFailure(request.path("appServerId").asText(), request.path("repository").asText(),
                        request.path("headSha").asText(), request.path("reason").asText(null));
                default -> throw new PermanentStepException("Unknown sandbox step '" + request.path("step").asText() + "'", null);
            };
            JSON.writeValue(output, result);
        } catch (CloudException e) {
            throw StepErrors.translate(e);
        }
    }
}
