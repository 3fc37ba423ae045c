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

    /** The pull request a sandbox instance deploys. */
    public record PullRequestSource(String repository, int number, String headSha, Instant closedAt) {
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
