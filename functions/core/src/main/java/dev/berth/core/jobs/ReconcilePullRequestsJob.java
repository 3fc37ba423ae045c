package dev.berth.core.jobs;

import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.domain.WatchedRepository;
import dev.berth.core.port.GitHub;
import dev.berth.core.sandbox.SandboxExecutions;
import dev.berth.core.port.github.PullRequestInfo;
import dev.berth.core.repository.Fleet;
import dev.berth.core.repository.Page;
import dev.berth.core.repository.WatchedRepositories;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Heals missed webhooks: every open pull request of a watched repository gets the sandbox
 * execution its head commit should have had (at most once per commit), and a sandbox whose pull
 * request is no longer open is handled as closed. GitHub's rate limits end the run early; the
 * next run continues.
 */
public final class ReconcilePullRequestsJob implements Job {
    private final WatchedRepositories repositories;
    private final Fleet fleet;
    private final Supplier<GitHub> github;
    private final SandboxExecutions executions;

    public ReconcilePullRequestsJob(WatchedRepositories repositories, Fleet fleet, Supplier<GitHub> github, SandboxExecutions executions) {
        this.repositories = repositories;
        this.fleet = fleet;
        this.github = github;
        this.executions = executions;
    }

    @Override
    public String name() {
        return JobNames.RECONCILE_PULL_REQUESTS;
    }

    @Override
    public JobReport run() {
        JobLog log = new JobLog(name());
        int[] examined = {0};
        Set<String> open = new HashSet<>();
        String cursor = null;
        do {
            Page<WatchedRepository> page = repositories.list(100, cursor);
            for (WatchedRepository repo : page.items()) {
                if (!repo.enabled()) {
                    continue;
                }
                log.attempt(repo.fullName(), () -> {
                    for (PullRequestInfo pr : github.get().openPullRequests(repo.fullName())) {
                        examined[0]++;
                        open.add(repo.fullName().toLowerCase() + "#" + pr.number());
                        if (start(repo.fullName(), pr.number(), pr.headSha(), "reconcile")) {
                            log.did("handled " + repo.fullName() + "#" + pr.number() + " at " + pr.headSha().substring(0, 7));
                        }
                    }
                    return null;
                });
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        fleet.forEachInstance((instance, servers) -> {
            Instance.PullRequestSource pr = instance.pullRequest();
            boolean knownRepo = pr != null && log.problems().stream().noneMatch(p -> p.startsWith(pr.repository() + ":"));
            if (instance.status() == InstanceStatus.ACTIVE && pr != null && pr.closedAt() == null && knownRepo
                    && !open.contains(pr.repository().toLowerCase() + "#" + pr.number())) {
                if (start(pr.repository(), pr.number(), pr.headSha() == null ? "unknown" : pr.headSha(), "closed")) {
                    log.did("closed " + pr.repository() + "#" + pr.number());
                }
            }
        });
        return log.report(examined[0]);
    }

    private boolean start(String repository, int number, String sha, String action) {
        String name = ("reconcile-pr" + number + "-" + Integer.toHexString(repository.toLowerCase().hashCode()) + "-"
                + sha.substring(0, Math.min(12, sha.length())) + "-" + action).replaceAll("[^A-Za-z0-9_-]", "_");
        return executions.start(name, repository, number, action, sha);
    }
}
