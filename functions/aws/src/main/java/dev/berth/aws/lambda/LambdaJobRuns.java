package dev.berth.aws.lambda;

import dev.berth.aws.AwsClients;
import dev.berth.core.jobs.JobReport;
import dev.berth.core.json.Json;
import dev.berth.core.port.JobRuns;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** Runs a job by invoking the jobs function synchronously with {@code {"job": name}}, as its schedules do. */
public final class LambdaJobRuns implements JobRuns {
    private final LambdaClient lambda;
    private final String functionName;

    public LambdaJobRuns(LambdaClient lambda, String functionName) {
        this.lambda = lambda;
        this.functionName = functionName;
    }

    /** {@code BERTH_JOBS_FUNCTION} (set by the template on the function that serves the run-now route). */
    public static Optional<JobRuns> fromEnvironment(Map<String, String> env) {
        String function = env.get("BERTH_JOBS_FUNCTION");
        if (function == null || function.isBlank()) {
            return Optional.empty();
        }
        LambdaClient client = AwsClients.configure(LambdaClient.builder(), AwsClients.region(env), env.get("BERTH_LAMBDA_ENDPOINT")).build();
        return Optional.of(new LambdaJobRuns(client, function));
    }

    /** An asynchronous invocation ({@code Event}): Lambda queues it and answers 202. */
    @Override
    public void start(String job) {
        InvokeResponse response = lambda.invoke(r -> r.functionName(functionName).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(Json.MAPPER.createObjectNode().put("job", job).toString())));
        if (response.statusCode() != 202) {
            throw new IllegalStateException("Lambda did not queue the job " + job + " (HTTP " + response.statusCode() + ")");
        }
    }

    @Override
    public JobReport run(String job) {
        InvokeResponse response = lambda.invoke(r -> r.functionName(functionName)
                .payload(SdkBytes.fromUtf8String(Json.MAPPER.createObjectNode().put("job", job).toString())));
        String payload = response.payload() == null ? "" : response.payload().asUtf8String();
        if (response.functionError() != null) {
            throw new IllegalStateException("The jobs function failed running " + job + ": " + payload);
        }
        try {
            return Json.MAPPER.readValue(payload, JobReport.class);
        } catch (IOException e) {
            throw new IllegalStateException("The jobs function answered something that is not a job report: " + e.getMessage(), e);
        }
    }
}
