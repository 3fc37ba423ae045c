package dev.berth.local;

import dev.berth.core.port.UsageMeter;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.berth.api.ApiRoot;
import dev.berth.aws.dynamo.DynamoRepositories;
import dev.berth.core.BerthCore;
import dev.berth.core.config.BerthConfig;
import dev.berth.core.port.JobRuns;
import dev.berth.core.port.ObjectStorage;
import dev.berth.core.port.SecretStore;
import dev.berth.core.port.Workflows;
import dev.berth.core.repository.Repositories;
import dev.berth.github.rest.GitHubRestClient;
import dev.berth.local.cloud.LocalCloud;
import dev.berth.local.lambda.HandlerCatalog;
import dev.berth.workflow.WorkflowRoot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The handlers of {@code ./berth local}: every handler the template names, built through its
 * deployable's composition root ({@link ApiRoot}, {@link WorkflowRoot}) with the local adapters:
 * DynamoDB Local, the local state machines, the local cloud, the jobs function for run-now.
 * The engine and the jobs function exist only once the runtime does, hence {@link #connect}.
 */
public final class LocalHandlers implements HandlerCatalog {
    private final LocalCloud cloud;
    private final SecretStore secrets;
    private final Function<String, ObjectStorage> buckets;
    private volatile Supplier<DynamoDbClient> dynamoDb;
    private volatile UsageMeter usage;
    private volatile Workflows workflows;
    private volatile JobRuns jobRuns;

    public LocalHandlers(LocalCloud cloud, SecretStore secrets, Function<String, ObjectStorage> buckets) {
        this.cloud = cloud;
        this.secrets = secrets;
        this.buckets = buckets;
    }

    /** The rest of the local adapters, before the runtime starts (and builds handlers). */
    public void connect(Supplier<DynamoDbClient> dynamoDb, Workflows workflows, JobRuns jobRuns, UsageMeter usage) {
        this.usage = usage;
        this.dynamoDb = dynamoDb;
        this.workflows = workflows;
        this.jobRuns = jobRuns;
    }

    @Override
    public Optional<Function<Map<String, String>, RequestStreamHandler>> factory(String handlerClass) {
        var api = ApiRoot.HANDLERS.get(handlerClass);
        if (api != null) {
            return Optional.of(env -> api.apply(root(env)));
        }
        var workflow = WorkflowRoot.HANDLERS.get(handlerClass);
        if (workflow != null) {
            return Optional.of(env -> workflow.apply(new WorkflowRoot(env, new WorkflowRoot.Adapters(repositories(env), workflows,
                    cloud::computeProvider, cloud::shell, cloud::loadBalancer, cloud::dns, () -> GitHubRestClient.fromEnvironment(env),
                    () -> secrets, buckets, () -> List.of(cloud.notifications()), store -> cloud.certificateAuthority()))));
        }
        return Optional.empty();
    }

    /** The API root a function of that environment gets (the local data tier registers its servers through one). */
    public ApiRoot root(Map<String, String> env) {
        return new ApiRoot(env, new ApiRoot.Adapters(repositories(env), workflows, jobRuns, () -> secrets,
                () -> buckets.apply(dev.berth.core.config.BerthConfig.backupBucket(env)), usage));
    }

    private Repositories repositories(Map<String, String> env) {
        BerthConfig config = BerthConfig.fromEnvironment(env);
        return DynamoRepositories.create(dynamoDb.get(), config.tableName(), BerthCore.cursors(config));
    }
}
