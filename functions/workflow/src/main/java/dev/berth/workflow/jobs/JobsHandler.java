package dev.berth.workflow.jobs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.jobs.JobRunner;
import dev.berth.core.json.Json;
import dev.berth.workflow.WorkflowRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The scheduled jobs: EventBridge schedules (and {@code POST /api/v1/jobs/{name}/run}, through the
 * API's JobRunsFunction) invoke this function with {@code {"job": name}}; it answers the job's report.
 */
public final class JobsHandler implements RequestStreamHandler, dev.berth.lambda.Primed {
    private final JobRunner runner;
    private final Runnable primer;
    private final dev.berth.lambda.SnapStartPriming priming = dev.berth.lambda.SnapStartPriming.register(this::prime);

    public JobsHandler() {
        this(WorkflowRoot.fromEnvironment(System.getenv()));
    }

    public JobsHandler(WorkflowRoot root) {
        this.runner = root.jobRunner();
        this.primer = root::prime;
    }

    @Override
    public Object prime() {
        primer.run();
        return null;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = Json.MAPPER.readTree(input);
        String job = event.path("job").asText(null);
        if (job == null) {
            throw new IllegalArgumentException("A scheduled invocation needs {\"job\": name}; got " + event);
        }
        Json.MAPPER.writeValue(output, runner.run(job));
    }
}
