package dev.berth.api;

import dev.berth.aws.dynamo.LocalDynamo;
import dev.berth.core.jobs.JobReport;
import dev.berth.core.port.JobRuns;
import dev.berth.core.port.Workflows;
import dev.berth.core.repository.Repositories;
import dev.berth.core.testing.RecordingWorkflows;
import dev.berth.core.testing.TestCore;
import java.util.List;
import java.util.Map;

/** API roots for tests: in memory by default, or on a fresh DynamoDB Local table. */
final class TestApi {
    static final String WEBHOOK_SECRET = "sample-webhook-secret";
    /** Set (by the LocalStack profile) to run the in-memory API tests on DynamoDB instead. */
    static final String ON_DYNAMODB = "berth.test.api.dynamodb";

    /** A job run that examined nothing, as the jobs function would report it. */
    static final JobRuns QUIET_JOBS = job -> new JobReport(job, false, 0, 0, List.of(), List.of());

    private TestApi() {
    }

    static Map<String, String> environment(String table) {
        Map<String, String> env = TestCore.environment(table);
        env.put("BERTH_GITHUB_WEBHOOK_SECRET", WEBHOOK_SECRET);
        return env;
    }

    static ApiRoot inMemory(Workflows workflows) {
        if (Boolean.getBoolean(ON_DYNAMODB)) {
            String table = LocalDynamo.newTable();
            return root(environment(table), LocalDynamo.repositories(table), workflows);
        }
        return root(environment("in-memory"), TestCore.repositories(), workflows);
    }

    static ApiRoot inMemory() {
        return inMemory(new RecordingWorkflows());
    }

    static ApiRoot onDynamoDb() {
        String table = LocalDynamo.newTable();
        return root(environment(table), LocalDynamo.repositories(table), new RecordingWorkflows());
    }

    /** The API's base package (template.yaml's CodeUri): DynamoDB and Step Functions only. */
    static final String BASE_PACKAGE = "berth-api-lambda.jar";

    /**
     * A root on {@code full}'s repositories and workflows as the base package has it: without the secret
     * store's, object storage's and jobs function's clients. A use of one is recorded in {@code used}, then refused.
     */
    static ApiRoot basePackage(ApiRoot full, List<String> used) {
        return new ApiRoot(environment("in-memory"), new ApiRoot.Adapters(full.core().repositories(), full.core().workflows(),
                job -> absent(used, "the jobs function (AWS Lambda)"), () -> absent(used, "the secret store (SSM)"),
                () -> absent(used, "object storage (S3)")));
    }

    private static <T> T absent(List<String> used, String client) {
        used.add(client);
        throw new IllegalStateException("The base API package has no client for " + client);
    }

    static ApiRoot root(Map<String, String> env, Repositories repositories, Workflows workflows) {
        dev.berth.core.port.SecretStore secrets = new dev.berth.core.testing.memory.InMemorySecretStore();
        dev.berth.core.port.ObjectStorage backups = new dev.berth.core.testing.memory.InMemoryObjectStorage();
        return new ApiRoot(env, new ApiRoot.Adapters(repositories, workflows, QUIET_JOBS, () -> secrets, () -> backups));
    }
}
