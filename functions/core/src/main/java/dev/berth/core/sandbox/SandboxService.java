package dev.berth.core.sandbox;

import dev.berth.core.auth.Principal;
import dev.berth.core.config.BerthConfig;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceSettings;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.domain.TutorPlugin;
import dev.berth.core.domain.WatchedRepository;
import dev.berth.core.error.BerthException;
import dev.berth.core.port.GitHub;
import dev.berth.core.port.github.PullRequestInfo;
import dev.berth.core.service.ActivationService;
import dev.berth.core.service.AppServerService;
import dev.berth.core.service.InstanceService;
import dev.berth.core.repository.AppServers;
import dev.berth.core.repository.Fleet;
import dev.berth.core.repository.Instances;
import dev.berth.core.repository.WatchedRepositories;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox policy and its use cases, run by the PullRequestSandbox state machine's steps: who
 * may get a sandbox (author association or membership; fork outsiders never), the label gate,
 * drafts, the quota, the settings a pull request may set, and the launch, activation and reports
 * on the head commit. Each acts on the pull request as GitHub says it is now (a webhook may be
 * stale or out of order) and is safe to repeat.
 */
public final class SandboxService {
    private static final Principal ACTOR = Principal.system("github");
    private final WatchedRepositories repositories;
    private final Instances instances;
    private final AppServers appServers;
    private final InstanceService instanceService;
    private final AppServerService lifecycle;
    private final ActivationService activation;
    private final Fleet fleet;
    private final GitHub github;
    private final BerthConfig config;
    private final int pollSeconds;
    private final String consoleUrl;
    private final Clock clock;

    public SandboxService(WatchedRepositories repositories, Instances instances, AppServers appServers,
                        InstanceService instanceService, AppServerService lifecycle, ActivationService activation, Fleet fleet,
                        GitHub github, BerthConfig config, int pollSeconds, String consoleUrl, Clock clock) {
        this.repositories = repositories;
        this.instances = instances;
        this.appServers = appServers;
        this.instanceService = instanceService;
        this.lifecycle = lifecycle;
        this.activation = activation;
        this.fleet = fleet;
        this.github = github;
        this.config = config;
        this.pollSeconds = pollSeconds;
        this.consoleUrl = consoleUrl;
        this.clock = clock;
    }

    /** What {@link #handle} did: {@code done} says why nothing more is needed, or a launch to await. */
    public record Handled(String done, String appServerId, String instanceId, String headSha, Integer pollSeconds) {
        static Handled done(String why) {
            return new Handled(why, null, null, null, null);
        }
    }

    /** Where an awaited launch stands: {@code READY}, {@code FAILED} (with a reason), {@code SUPERSEDED} or {@code WAITING}. */
    public record LaunchState(String state, String reason) {
    }

    /** Decides what the pull request needs and does it; returns {@code appServerId} when a launch is to be awaited. */
    public Handled handle(String repository, int number, String action) {
        Optional<WatchedRepository> watched = repositories.findByFullName(repository).filter(WatchedRepository::enabled);
        if (watched.isEmpty()) {
            return done("not watched");
        }
        WatchedRepository repo = watched.get();
        PullRequestInfo pr = github.pullRequest(repository, number);
        String lms = SandboxNames.subDomain(repository, number) + "." + repo.baseDomain();
        Optional<Instance> sandbox = instances.findByDomain(lms);
        if (!"open".equals(pr.state())) {
            sandbox.ifPresent(instance -> {
                activation.goDark(ACTOR, instance);
                Instance current = instances.get(instance.id());
                Instance.PullRequestSource source = current.pullRequest();
                if (source.closedAt() == null) {
                    instanceService.updatePullRequest(ACTOR, current, new Instance.PullRequestSource(source.repository(),
                            source.number(), pr.headSha(), clock.instant()), current.settings());
                }
            });
            return done("closed: the sandbox is taken offline and archived after " + repo.keepDaysAfterClose() + " days");
        }
        if (!allowed(repo, pr)) {
            return done("the author " + pr.author() + " may not trigger sandboxes" + (isFork(pr) ? " (fork)" : ""));
        }
        if (repo.labelGate() != null && !pr.labels().contains(repo.labelGate())) {
            return done("waiting for the label '" + repo.labelGate() + "'");
        }
        if (pr.draft()) {
            return done("draft: waiting for ready_for_review");
        }
        String extraSettings;
        try {
            extraSettings = PullRequestSettings.merge(repo.defaultSettings(), PullRequestSettings.parse(pr.body()), repo.allowedSettingsKeys());
        } catch (PullRequestSettings.Problem problem) {
            github.reportStatus(repository, pr.headSha(), "failure", null, "Settings refused: " + problem.getMessage());
            return done("settings refused: " + problem.getMessage());
        }
        Instance instance;
        if (sandbox.isEmpty()) {
            if (activeSandboxes(repository) >= repo.maxConcurrentSandboxes()) {
                github.reportStatus(repository, pr.headSha(), "failure", null,
                        "Quota reached: " + repo.maxConcurrentSandboxes() + " sandboxes are running for " + repository);
                return done("quota reached");
            }
            try {
                instance = instanceService.createSandbox(ACTOR, settings(repo, pr, lms, extraSettings),
                        new Instance.PullRequestSource(repository, number, pr.headSha(), null));
            } catch (BerthException e) {
                if (!"duplicate_sub_domain".equals(e.code())) {
                    throw e;
                }
                instance = instances.findByDomain(lms).orElseThrow(); // created by a concurrent execution
            }
        } else {
            Instance current = sandbox.get();
            if (current.status() == InstanceStatus.ARCHIVED) {
                return done("the sandbox was archived; reopen the pull request to get a new one after it is purged");
            }
            InstanceSettings wanted = settings(repo, pr, lms, extraSettings);
            boolean sameCode = pr.headSha().equals(current.pullRequest().headSha()) && current.pullRequest().closedAt() == null;
            if (sameCode && wanted.equals(current.settings()) && !current.activeAppServerIds().isEmpty()) {
                return done("nothing changed");
            }
            instance = instanceService.updatePullRequest(ACTOR, current,
                    new Instance.PullRequestSource(repository, number, pr.headSha(), null), wanted);
        }
        AppServer server = lifecycle.launch(ACTOR, instance.id());
        github.reportStatus(repository, pr.headSha(), "pending", logsUrl(server), "Deploying " + pr.headSha().substring(0, 7) + " to " + lms);
        return new Handled(null, server.id(), instance.id(), pr.headSha(), pollSeconds);
    }

    /** Where a launch stands; a launch for an older commit is superseded and cancelled. */
    public LaunchState checkLaunch(String appServerId, String instanceId, String headSha) {
        AppServer server = appServers.get(appServerId);
        Instance instance = instances.get(instanceId);
        if (instance.pullRequest() == null || !headSha.equals(instance.pullRequest().headSha()) || instance.pullRequest().closedAt() != null) {
            if (!server.active() && server.status() != AppServerStatus.TERMINATED) {
                activation.terminate(ACTOR, appServerId, null, lifecycle);
            }
            return new LaunchState("SUPERSEDED", null);
        }
        return switch (server.status()) {
            case RUNNING -> new LaunchState("READY", null);
            case FAILED, ERROR, TERMINATED -> new LaunchState("FAILED",
                    server.failureReason() == null ? server.status().wireName() : server.failureReason());
            default -> new LaunchState("WAITING", null);
        };
    }

    public void activate(String appServerId, String repository, String headSha) {
        AppServer server = appServers.get(appServerId);
        activation.activate(ACTOR, appServerId, null);
        Instance instance = instances.get(server.instanceId());
        github.reportStatus(repository, headSha, "success", config.publicUrl(instance.domains().lms(), null),
                "Sandbox ready at " + instance.domains().lms());
    }

    public void reportFailure(String appServerId, String repository, String headSha, String reason) {
        github.reportStatus(repository, headSha, "failure", logsUrl(appServers.get(appServerId)),
                "The sandbox deployment failed: " + (reason == null ? "see the log" : reason.lines().findFirst().orElse("")));
    }

    private boolean allowed(WatchedRepository repo, PullRequestInfo pr) {
        if (repo.allowedAuthorAssociations().contains(pr.authorAssociation())) {
            return true;
        }
        return repo.githubOrganization() != null && github.isMember(repo.githubOrganization(), repo.githubTeam(), pr.author());
    }

    private static boolean isFork(PullRequestInfo pr) {
        return pr.headRepository() != null && !pr.headRepository().equalsIgnoreCase(pr.repository());
    }

    /** A sandbox deploys the pull request's head commit, fetched by SHA from the repository it comes from (a fork's too). */
    private InstanceSettings settings(WatchedRepository repo, PullRequestInfo pr, String lms, String extraSettings) {
        String subDomain = lms.substring(0, lms.indexOf('.'));
        BerthConfig.InstanceDefaults d = config.instanceDefaults();
        String headRepo = pr.headRepository() == null ? pr.repository() : pr.headRepository();
        String release = repo.openedxRelease() != null ? repo.openedxRelease() : d.openedxRelease();
        return new InstanceSettings(pr.repository() + "#" + pr.number(), subDomain, repo.baseDomain(), config.domainPrefixes(),
                release, repo.tutorVersion(), d.plugins().stream().map(p -> new TutorPlugin(p, null)).toList(),
                "https://github.com/" + headRepo + ".git", pr.headSha(), null, null, extraSettings, true, null, false);
    }

    private int activeSandboxes(String repository) {
        AtomicInteger count = new AtomicInteger();
        fleet.forEachInstance((instance, servers) -> {
            if (instance.status() == InstanceStatus.ACTIVE && instance.isSandbox() && instance.pullRequest().repository().equalsIgnoreCase(repository)
                    && instance.pullRequest().closedAt() == null) {
                count.incrementAndGet();
            }
        });
        return count.get();
    }

    /** The console's page of the app server (its live log), when the console's address is configured. */
    private String logsUrl(AppServer server) {
        return consoleUrl == null ? null : consoleUrl + "#/appservers/" + server.id();
    }

    private static Handled done(String why) {
        return Handled.done(why);
    }

}
