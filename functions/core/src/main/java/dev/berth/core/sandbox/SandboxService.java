package dev.berth.core.sandbox;

import dev.berth.core.Ids;
import dev.berth.core.profile.SettingProfile;
import dev.berth.core.repository.Documents;
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
import dev.berth.core.repository.Leases;
import dev.berth.core.repository.WatchedRepositories;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
    private static final Set<AppServerStatus> UNDER_WAY = EnumSet.of(AppServerStatus.NEW, AppServerStatus.WAITING,
            AppServerStatus.CONFIGURING, AppServerStatus.RUNNING);
    /** How long a claim without its app server record counts as a launch in progress. */
    private static final Duration CLAIM_GRACE = Duration.ofMinutes(2);
    private static final int CLAIM_ATTEMPTS = 5;
    private static final Duration LEASE_TIME = Duration.ofMinutes(1);
    private static final Duration LEASE_WAIT = Duration.ofMillis(200);
    private static final int LEASE_ATTEMPTS = 25;
    private final WatchedRepositories repositories;
    private final Instances instances;
    private final AppServers appServers;
    private final InstanceService instanceService;
    private final AppServerService lifecycle;
    private final ActivationService activation;
    private final Fleet fleet;
    private final Leases leases;
    private final GitHub github;
    private final BerthConfig config;
    private final int pollSeconds;
    private final String consoleUrl;
    private final Clock clock;

    /** The setting profile every sandbox starts from, when it exists. */
    public static final String SANDBOX_PROFILE = "sandbox";
    private final Documents<SettingProfile> profiles;

    public SandboxService(WatchedRepositories repositories, Instances instances, AppServers appServers,
                        InstanceService instanceService, AppServerService lifecycle, ActivationService activation, Fleet fleet,
                        Leases leases, GitHub github, BerthConfig config, int pollSeconds, String consoleUrl,
                        Documents<SettingProfile> profiles, Clock clock) {
        this.profiles = profiles;
        this.repositories = repositories;
        this.instances = instances;
        this.appServers = appServers;
        this.instanceService = instanceService;
        this.lifecycle = lifecycle;
        this.activation = activation;
        this.fleet = fleet;
        this.leases = leases;
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
                    instanceService.updatePullRequest(ACTOR, current, source.closed(clock.instant()), current.settings());
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
        Optional<Boolean> ephemeral;
        try {
            Map<String, Object> prSettings = PullRequestSettings.parse(pr.body());
            ephemeral = PullRequestSettings.ephemeralDatabases(prSettings, repo.allowedSettingsKeys());
            extraSettings = PullRequestSettings.merge(repo.defaultSettings(), PullRequestSettings.forTutor(prSettings), repo.allowedSettingsKeys());
        } catch (PullRequestSettings.Problem problem) {
            github.reportStatus(repository, pr.headSha(), "failure", null, "Settings refused: " + problem.getMessage());
            return done("settings refused: " + problem.getMessage());
        }
        InstanceSettings wanted = settings(repo, pr, lms, extraSettings, ephemeral);
        Instance.LaunchClaim claim = new Instance.LaunchClaim(Ids.appServer(), clock.instant());
        Instance.PullRequestSource source = new Instance.PullRequestSource(repository, number, pr.headSha(), null, isFork(pr), claim);
        Optional<String> skipped = sandbox.isEmpty() ? createWithinQuota(repo, pr, wanted, source) : claimLaunch(sandbox.get(), wanted, source);
        if (skipped.isPresent()) {
            return done(skipped.get());
        }
        Instance instance = instances.findByDomain(lms).orElseThrow();
        AppServer server = lifecycle.launch(ACTOR, instance.id(), true, claim.appServerId());
        github.reportStatus(repository, pr.headSha(), "pending", logsUrl(server), "Deploying " + pr.headSha().substring(0, 7) + " to " + lms);
        return new Handled(null, server.id(), instance.id(), pr.headSha(), pollSeconds);
    }

    /**
     * Creates the sandbox of a new pull request if the repository's quota allows: the count and the
     * creation run under the repository's lease, so concurrent pull requests cannot both take the
     * last place. Empty when created with the launch claimed; else why nothing is to be launched.
     */
    private Optional<String> createWithinQuota(WatchedRepository repo, PullRequestInfo pr, InstanceSettings wanted,
                                               Instance.PullRequestSource source) {
        String lease = "sandbox-quota/" + repo.fullName().toLowerCase(Locale.ROOT);
        String holder = source.launch().appServerId();
        acquire(lease, holder);
        try {
            Optional<Instance> created = instances.findByDomain(wanted.domains().lms());
            if (created.isPresent()) {
                return claimLaunch(created.get(), wanted, source); // a concurrent event created it
            }
            if (activeSandboxes(repo.fullName()) >= repo.maxConcurrentSandboxes()) {
                github.reportStatus(repo.fullName(), pr.headSha(), "failure", null,
                        "Quota reached: " + repo.maxConcurrentSandboxes() + " sandboxes are running for " + repo.fullName());
                return Optional.of("quota reached");
            }
            instanceService.createSandbox(ACTOR, wanted, source);
            return Optional.empty();
        } finally {
            leases.release(lease, holder);
        }
    }

    private void acquire(String lease, String holder) {
        for (int attempt = 0; attempt < LEASE_ATTEMPTS; attempt++) {
            if (leases.acquire(lease, holder, LEASE_TIME, clock.instant())) {
                return;
            }
            try {
                Thread.sleep(LEASE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // The step is retried on this code: the other creation finishes within seconds.
        throw BerthException.conflict("transaction_conflict", "Another sandbox of this repository is being created", Map.of());
    }

    /**
     * Claims the launch of the pull request's head (with the wanted settings) on its existing
     * sandbox, as a write conditional on the instance's version. Empty when claimed; else why
     * nothing is to be launched: the same launch is already running or serving, or a concurrent
     * event claimed it first.
     */
    private Optional<String> claimLaunch(Instance sandbox, InstanceSettings wanted, Instance.PullRequestSource source) {
        Instance current = sandbox;
        for (int attempt = 1; ; attempt++) {
            if (current.status() == InstanceStatus.ARCHIVED) {
                return Optional.of("the sandbox was archived; reopen the pull request to get a new one after it is purged");
            }
            Optional<String> same = sameLaunch(current, wanted, source.headSha());
            if (same.isPresent()) {
                return same;
            }
            try {
                instanceService.updatePullRequest(ACTOR, current, source, wanted);
                return Optional.empty();
            } catch (BerthException e) {
                if (e.kind() != BerthException.Kind.PRECONDITION_FAILED || attempt == CLAIM_ATTEMPTS) {
                    throw e;
                }
                Instance now = instances.get(current.id());
                if (!Objects.equals(claimOf(now), claimOf(current))) {
                    return Optional.of("a concurrent event claimed this pull request's launch (" + claimOf(now).appServerId() + ")");
                }
                current = now; // an unrelated write (an activation): decide again
            }
        }
    }

    /** Why no launch is needed: this commit with these settings is serving, or its launch is under way. */
    private Optional<String> sameLaunch(Instance current, InstanceSettings wanted, String headSha) {
        Instance.PullRequestSource now = current.pullRequest();
        if (!headSha.equals(now.headSha()) || now.closedAt() != null || !wanted.equals(current.settings())) {
            return Optional.empty();
        }
        if (!current.activeAppServerIds().isEmpty()
                && appServers.getAll(current.activeAppServerIds()).stream().anyMatch(s -> wanted.equals(s.settings()))) {
            return Optional.of("nothing changed");
        }
        if (now.launch() == null) {
            return Optional.empty();
        }
        Optional<AppServer> claimed = appServers.find(now.launch().appServerId());
        if (claimed.isEmpty()) {
            // Claimed but not recorded yet: the claimant is between its two writes, unless it died there.
            return now.launch().at().isAfter(clock.instant().minus(CLAIM_GRACE))
                    ? Optional.of("a concurrent event is launching this commit (" + now.launch().appServerId() + ")") : Optional.empty();
        }
        return UNDER_WAY.contains(claimed.get().status()) && wanted.equals(claimed.get().settings())
                ? Optional.of("this commit's launch is under way (" + claimed.get().id() + ", " + claimed.get().status().wireName() + ")")
                : Optional.empty();
    }

    private static Instance.LaunchClaim claimOf(Instance instance) {
        return instance.pullRequest() == null ? null : instance.pullRequest().launch();
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

    /**
     * A sandbox deploys the pull request's head commit, fetched by SHA from the repository it comes
     * from (a fork's too). Its release and Tutor version: the watched repository's, else those of
     * the setting profile named {@value #SANDBOX_PROFILE} if there is one, else the stack's.
     */
    /** The sandbox's settings; its databases as the PR chose (where allowed), else the sandbox profile's, else ephemeral. */
    private InstanceSettings settings(WatchedRepository repo, PullRequestInfo pr, String lms, String extraSettings, Optional<Boolean> ephemeral) {
        String subDomain = lms.substring(0, lms.indexOf('.'));
        BerthConfig.InstanceDefaults d = config.instanceDefaults();
        String headRepo = pr.headRepository() == null ? pr.repository() : pr.headRepository();
        Map<String, Object> profile = profiles.find(SANDBOX_PROFILE).map(SettingProfile::defaults).orElse(Map.of());
        // The sandbox profile's release and Tutor version, where the repository names none, come with ProfileDefaults below.
        String release = repo.openedxRelease() != null ? repo.openedxRelease() : d.openedxRelease();
        String tutor = repo.tutorVersion();
        InstanceSettings own = new InstanceSettings(pr.repository() + "#" + pr.number(), subDomain, repo.baseDomain(), config.domainPrefixes(),
                release, tutor, d.plugins().stream().map(p -> new TutorPlugin(p, null)).toList(),
                "https://github.com/" + headRepo + ".git", pr.headSha(), null, null, extraSettings,
                ephemeral.orElse(!(profile.get("ephemeralDatabases") instanceof Boolean b) || b), null, false, "off",
                profile.isEmpty() ? null : SANDBOX_PROFILE, null, sandboxOwnFields(repo, extraSettings, ephemeral));
        // As a launch will save them: a repeated event then finds nothing changed.
        return dev.berth.core.profile.ProfileDefaults.apply(own, profile);
    }

    /**
     * What the repository and the pull request decide, which the sandbox profile's defaults never replace
     * at a launch: where the code comes from and how the sandbox is served and kept; its release, Tutor
     * version, extra settings and databases when they say.
     */
    private static List<String> sandboxOwnFields(WatchedRepository repo, String extraSettings, Optional<Boolean> ephemeral) {
        List<String> own = new java.util.ArrayList<>(List.of("baseDomain", "edxPlatformRepo", "edxPlatformRef", "rebuildSchedule", "allowMultipleActive"));
        if (repo.openedxRelease() != null) {
            own.add("openedxRelease");
        }
        if (repo.tutorVersion() != null) {
            own.add("tutorVersion");
        }
        if (extraSettings != null) {
            own.add("extraSettings");
        }
        if (ephemeral.isPresent()) {
            own.add("ephemeralDatabases");
        }
        return own;
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
