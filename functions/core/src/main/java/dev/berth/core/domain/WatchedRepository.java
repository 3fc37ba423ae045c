package dev.berth.core.domain;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A GitHub repository whose pull requests get sandboxes: where they live, what they deploy by
 * default, who may trigger them and how many may run.
 */
public record WatchedRepository(
        String id,
        String fullName,
        String baseDomain,
        String defaultSettings,
        List<String> allowedSettingsKeys,
        String openedxRelease,
        String tutorVersion,
        String githubOrganization,
        String githubTeam,
        Set<String> allowedAuthorAssociations,
        String labelGate,
        int maxConcurrentSandboxes,
        int keepDaysAfterClose,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public WatchedRepository {
        allowedSettingsKeys = List.copyOf(allowedSettingsKeys);
        allowedAuthorAssociations = Set.copyOf(allowedAuthorAssociations);
    }

    /** GitHub's author associations that are members of the repository's organization by default. */
    public static final Set<String> DEFAULT_AUTHOR_ASSOCIATIONS = Set.of("OWNER", "MEMBER", "COLLABORATOR");

    public WatchedRepository withVersion(long newVersion, Instant now) {
        return new WatchedRepository(id, fullName, baseDomain, defaultSettings, allowedSettingsKeys, openedxRelease,
                tutorVersion, githubOrganization, githubTeam, allowedAuthorAssociations, labelGate,
                maxConcurrentSandboxes, keepDaysAfterClose, enabled, createdAt, now, newVersion);
    }
}
