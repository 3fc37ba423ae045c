package dev.berth.core;

import dev.berth.core.auth.Authenticator;
import dev.berth.core.config.BerthConfig;
import dev.berth.core.domain.InstanceRules;
import dev.berth.core.aws.StepFunctionsWorkflows;
import dev.berth.core.port.Adapters;
import dev.berth.core.port.Workflows;
import dev.berth.core.service.ActivationService;
import dev.berth.core.service.AppServerService;
import dev.berth.core.service.ArchiveService;
import dev.berth.core.service.InstanceService;
import dev.berth.core.service.RoutingRequests;
import dev.berth.core.service.TokenService;
import dev.berth.core.service.WatchedRepositoryService;
import dev.berth.core.domain.WatchedRepositoryRules;
import dev.berth.core.store.WatchedRepositoryStore;
import dev.berth.core.store.ActiveSetStore;
import dev.berth.core.store.AppServerStore;
import dev.berth.core.store.AuditLog;
import dev.berth.core.store.Cursors;
import dev.berth.core.store.DynamoClients;
import dev.berth.core.store.InstanceStore;
import dev.berth.core.store.TokenStore;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The wiring of the core, in one place and with plain constructors (no DI container: cold start).
 * A function builds one at init and keeps it while warm.
 */
public final class BerthCore {
    private final BerthConfig config;
    private final DynamoDbClient dynamo;
    private final AuditLog auditLog;
    private final InstanceStore instanceStore;
    private final AppServerStore appServerStore;
    private final TokenStore tokenStore;
    private final Authenticator authenticator;
    private final InstanceService instances;
    private final TokenService tokens;
    private final Workflows workflows;
    private final AppServerService appServers;
    private final ActivationService activation;
    private final ArchiveService archive;
    private final WatchedRepositoryStore watchedRepositoryStore;
    private final WatchedRepositoryService watchedRepositories;

    public BerthCore(BerthConfig config, DynamoDbClient dynamo, Clock clock) {
        this(config, dynamo, NO_WORKFLOWS, clock);
    }

    public BerthCore(BerthConfig config, DynamoDbClient dynamo, Workflows workflows, Clock clock) {
        this.config = config;
        this.dynamo = dynamo;
        Cursors cursors = new Cursors(config.cursorSecret());
        String table = config.tableName();
        this.auditLog = new AuditLog(dynamo, table, cursors);
        this.instanceStore = new InstanceStore(dynamo, table, auditLog, cursors);
        this.appServerStore = new AppServerStore(dynamo, table, auditLog, cursors);
        this.tokenStore = new TokenStore(dynamo, table, auditLog, cursors);
        this.authenticator = new Authenticator(tokenStore, clock);
        this.instances = new InstanceService(instanceStore, appServerStore,
                new InstanceRules(config.subDomainBlacklist(), config.extraSettingsMaxBytes()), new RoutingRequests(workflows), clock);
        this.tokens = new TokenService(tokenStore, authenticator, clock);
        this.workflows = workflows;
        this.appServers = new AppServerService(instanceStore, appServerStore, workflows, clock);
        this.watchedRepositoryStore = new WatchedRepositoryStore(dynamo, table, auditLog, cursors);
        this.watchedRepositories = new WatchedRepositoryService(watchedRepositoryStore,
                new WatchedRepositoryRules(config.extraSettingsMaxBytes()), clock);
        this.activation = new ActivationService(instanceStore, appServerStore, new ActiveSetStore(dynamo, table, auditLog), workflows, clock);
        this.archive = new ArchiveService(instanceStore, appServerStore, instances, activation, appServers);
    }

    public static BerthCore fromEnvironment(Map<String, String> env) {
        return create(env, Adapters.NONE);
    }

    /** The core of a function: adapters given by the caller (the local runtime) win over the environment's. */
    public static BerthCore create(Map<String, String> env, Adapters adapters) {
        BerthConfig config = BerthConfig.fromEnvironment(env);
        DynamoDbClient dynamo = adapters.get(DynamoDbClient.class, () -> DynamoClients.create(config));
        Workflows workflows = adapters.get(Workflows.class, () -> stepFunctions(config, env));
        return new BerthCore(config, dynamo, workflows, Clock.systemUTC());
    }

    /** {@code BERTH_STATE_MACHINES=LaunchAppServer=arn:...,Other=arn:...}, set by the template on the functions that start executions. */
    private static Workflows stepFunctions(BerthConfig config, Map<String, String> env) {
        String spec = env.getOrDefault("BERTH_STATE_MACHINES", "");
        if (spec.isBlank()) {
            return NO_WORKFLOWS;
        }
        Map<String, String> arns = new java.util.LinkedHashMap<>();
        for (String pair : spec.split(",")) {
            String[] parts = pair.trim().split("=", 2);
            if (parts.length == 2) {
                arns.put(parts[0].trim(), parts[1].trim());
            }
        }
        var sfn = software.amazon.awssdk.services.sfn.SfnClient.builder()
                .httpClient(software.amazon.awssdk.http.apache.ApacheHttpClient.create())
                .region(software.amazon.awssdk.regions.Region.of(config.region())).build();
        return new StepFunctionsWorkflows(sfn, arns);
    }

    private static final Workflows NO_WORKFLOWS = new Workflows() {
        @Override
        public boolean start(String stateMachine, String executionName, String inputJson) {
            throw new IllegalStateException("This function cannot start executions (no BERTH_STATE_MACHINES)");
        }

        @Override
        public java.util.Optional<dev.berth.core.port.workflow.ExecutionHistory> history(String stateMachine, String executionName) {
            return java.util.Optional.empty();
        }
    };

    public BerthConfig config() {
        return config;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public AuditLog auditLog() {
        return auditLog;
    }

    public InstanceStore instanceStore() {
        return instanceStore;
    }

    public AppServerStore appServerStore() {
        return appServerStore;
    }

    public TokenStore tokenStore() {
        return tokenStore;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public InstanceService instances() {
        return instances;
    }

    public TokenService tokens() {
        return tokens;
    }

    public AppServerService appServers() {
        return appServers;
    }

    public WatchedRepositoryStore watchedRepositoryStore() {
        return watchedRepositoryStore;
    }

    public WatchedRepositoryService watchedRepositories() {
        return watchedRepositories;
    }

    public ArchiveService archive() {
        return archive;
    }

    public ActivationService activation() {
        return activation;
    }

    public Workflows workflows() {
        return workflows;
    }
}
