package dev.berth.core.domain;

import java.time.Instant;
import java.util.List;

/**
 * An instance: its settings, its lifecycle status, the app servers that serve it now, and, for a
 * pull-request sandbox, the pull request it was made for (null for a production instance).
 */
public record Instance(
        String id,
        InstanceSettings settings,
        InstanceStatus status,
        List<String> activeAppServerIds,
        PullRequestSource pullRequest,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    /**
     * The pull request a sandbox instance deploys.
     *
     * @param fromFork whether its head lives in another repository: such code never gets the
     *     watched repository's secrets, whoever wrote it
     * @param launch the last launch an event claimed, written conditionally on the instance's
     *     version so that concurrent events for one commit launch it once (null before the first)
     */
    public record PullRequestSource(String repository, int number, String headSha, Instant closedAt, boolean fromFork,
                                    LaunchClaim launch) {

        public PullRequestSource(String repository, int number, String headSha, Instant closedAt) {
            this(repository, number, headSha, closedAt, false, null);
        }

        public PullRequestSource closed(Instant at) {
            return new PullRequestSource(repository, number, headSha, at, fromFork, launch);
        }
    }

    /** The app server an event claimed to launch (its id is chosen before it exists), and when. */
    public record LaunchClaim(String appServerId, Instant at) {
    }

    public Instance {
        activeAppServerIds = List.copyOf(activeAppServerIds);
    }

    public Domains domains() {
        return settings.domains();
    }

    public boolean isSandbox() {
        return pullRequest != null;
    }

    public Instance withSettings(InstanceSettings newSettings, Instant now) {
        return new Instance(id, newSettings, status, activeAppServerIds, pullRequest, createdAt, now, version + 1);
    }

    public Instance withStatus(InstanceStatus newStatus, Instant now) {
        return new Instance(id, settings, newStatus, activeAppServerIds, pullRequest, createdAt, now, version + 1);
    }

    public Instance withActiveAppServers(List<String> ids, Instant now) {
        return new Instance(id, settings, status, ids, pullRequest, createdAt, now, version + 1);
    }

    public Instance withPullRequest(PullRequestSource source, Instant now) {
        return new Instance(id, settings, status, activeAppServerIds, source, createdAt, now, version + 1);
    }
}
