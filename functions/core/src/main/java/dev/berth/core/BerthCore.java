package dev.berth.core;

import dev.berth.core.auth.Authenticator;
import dev.berth.core.config.BerthConfig;
import dev.berth.core.domain.InstanceRules;
import dev.berth.core.domain.WatchedRepositoryRules;
import dev.berth.core.port.Workflows;
import dev.berth.core.repository.Cursors;
import dev.berth.core.repository.Fleet;
import dev.berth.core.repository.Repositories;
import dev.berth.core.service.ActivationService;
import dev.berth.core.service.AppServerService;
import dev.berth.core.service.ArchiveService;
import dev.berth.core.service.AuditService;
import dev.berth.core.sandbox.PullRequestSandboxes;
import dev.berth.core.sandbox.SandboxExecutions;
import dev.berth.core.sandbox.WebhookIntake;
import dev.berth.core.service.InstanceService;
import dev.berth.core.service.RoutingRequests;
import dev.berth.core.service.TokenService;
import dev.berth.core.service.WatchedRepositoryService;
import java.time.Clock;

/**
 * The use cases of the core, built from its ports with plain constructors. It chooses no
 * adapter: the composition root of each deployable (or a test) hands in the repositories and the
 * workflow engine, and keeps one of these while warm.
 */
public final class BerthCore {
    private final BerthConfig config;
    private final Repositories repositories;
    private final Workflows workflows;
    private final Clock clock;
    private final Authenticator authenticator;
    private final InstanceService instances;
    private final TokenService tokens;
    private final AppServerService appServers;
    private final ActivationService activation;
    private final ArchiveService archive;
    private final WatchedRepositoryService watchedRepositories;
    private final AuditService audit;
    private final PullRequestSandboxes pullRequestSandboxes;
    private final SandboxExecutions sandboxExecutions;
    private final WebhookIntake webhookIntake;

    public BerthCore(BerthConfig config, Repositories repositories, Workflows workflows, Clock clock) {
        this.config = config;
        this.repositories = repositories;
        this.workflows = workflows;
        this.clock = clock;
        this.authenticator = new Authenticator(repositories.tokens());
        RoutingRequests routing = new RoutingRequests(workflows, repositories.routingQueue());
        this.instances = new InstanceService(repositories.instances(), repositories.appServers(),
                new InstanceRules(config.subDomainBlacklist(), config.extraSettingsMaxBytes(), config.allowedPlugins()), routing,
                repositories.profiles()::find, clock);
        this.tokens = new TokenService(repositories.tokens(), clock);
        this.appServers = new AppServerService(repositories.instances(), instances, repositories.appServers(), repositories.logs(), workflows, clock);
        this.watchedRepositories = new WatchedRepositoryService(repositories.watchedRepositories(),
                new WatchedRepositoryRules(config.extraSettingsMaxBytes()), clock);
        this.activation = new ActivationService(repositories.instances(), repositories.appServers(), repositories.activeSets(), workflows, routing, clock);
        this.archive = new ArchiveService(repositories.instances(), repositories.appServers(), instances, activation, appServers, workflows);
        this.audit = new AuditService(repositories.audit());
        this.pullRequestSandboxes = new PullRequestSandboxes(repositories.watchedRepositories(), repositories.instances());
        this.sandboxExecutions = new SandboxExecutions(workflows);
        this.webhookIntake = new WebhookIntake(repositories.watchedRepositories(), sandboxExecutions);
    }

    /** The cursor signer every list of this deployment uses. */
    public static Cursors cursors(BerthConfig config) {
        return new Cursors(config.cursorSecret());
    }

    /** A workflow engine for functions that start no executions: asking one to start is a wiring mistake. */
    public static final Workflows NO_WORKFLOWS = new Workflows() {
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

    public Repositories repositories() {
        return repositories;
    }

    public Clock clock() {
        return clock;
    }

    public Fleet fleet() {
        return new Fleet(repositories.instances(), repositories.appServers());
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

    public WatchedRepositoryService watchedRepositories() {
        return watchedRepositories;
    }

    public ArchiveService archive() {
        return archive;
    }

    public ActivationService activation() {
        return activation;
    }

    public AuditService audit() {
        return audit;
    }

    public PullRequestSandboxes pullRequestSandboxes() {
        return pullRequestSandboxes;
    }

    public SandboxExecutions sandboxExecutions() {
        return sandboxExecutions;
    }

    public WebhookIntake webhookIntake() {
        return webhookIntake;
    }

    /** How changes ask for routing syncs (queued and coalesced, or gated for an activation). */
    public RoutingRequests routingRequests() {
        return new RoutingRequests(workflows, repositories.routingQueue());
    }

    public Workflows workflows() {
        return workflows;
    }
}
