package dev.berth.core.service;

import dev.berth.core.Ids;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.domain.WatchedRepository;
import dev.berth.core.domain.WatchedRepositoryRules;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.Page;
import dev.berth.core.repository.WatchedRepositories;
import java.time.Clock;
import java.time.Instant;
import java.util.function.UnaryOperator;

/** Admins choose which repositories' pull requests get sandboxes, and how. */
public final class WatchedRepositoryService {
    private final WatchedRepositories store;
    private final WatchedRepositoryRules rules;
    private final Clock clock;

    public WatchedRepositoryService(WatchedRepositories store, WatchedRepositoryRules rules, Clock clock) {
        this.store = store;
        this.rules = rules;
        this.clock = clock;
    }

    /** @param draft everything but id, times and version, which this fills in */
    public WatchedRepository create(Principal caller, WatchedRepository draft) {
        return create(caller, () -> draft);
    }

    /** Creates a watched repository; {@code input} is read only once the caller may. */
    public WatchedRepository create(Principal caller, java.util.function.Supplier<WatchedRepository> input) {
        caller.require(Role.ADMIN);
        WatchedRepository draft = input.get();
        Instant now = clock.instant();
        WatchedRepository repo = new WatchedRepository("wr-" + Ids.ulid(now), draft.fullName(), draft.baseDomain(), draft.defaultSettings(),
                draft.allowedSettingsKeys(), draft.openedxRelease(), draft.tutorVersion(),
                draft.githubOrganization(), draft.githubTeam(), draft.allowedAuthorAssociations(), draft.labelGate(),
                draft.maxConcurrentSandboxes(), draft.keepDaysAfterClose(), draft.enabled(), now, now, 1);
        rules.validate(repo);
        store.create(repo, new AuditEntry(repo.id(), "watchedRepository", "create", caller.actor(), now, null, 1L, "watching " + repo.fullName()));
        return repo;
    }

    public WatchedRepository get(Principal caller, String id) {
        caller.require(Role.ADMIN);
        return store.get(id);
    }

    public Page<WatchedRepository> list(Principal caller, int limit, String cursor) {
        caller.require(Role.ADMIN);
        return store.list(limit, cursor);
    }

    public WatchedRepository change(Principal caller, String id, Long expectedVersion, UnaryOperator<WatchedRepository> change) {
        caller.require(Role.ADMIN);
        WatchedRepository current = store.get(id);
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw BerthException.stale(current.version());
        }
        WatchedRepository changed = change.apply(current);
        if (!changed.fullName().equalsIgnoreCase(current.fullName())) {
            throw BerthException.invalid("fullName", "cannot change: watch the other repository instead");
        }
        rules.validate(changed);
        WatchedRepository updated = changed.withVersion(current.version() + 1, clock.instant());
        store.update(current, updated, new AuditEntry(id, "watchedRepository", "update", caller.actor(), updated.updatedAt(),
                current.version(), updated.version(), "changed " + current.fullName()));
        return updated;
    }

    /** Stops watching; returns what was watched (its sandbox secrets are the caller's to forget). */
    public WatchedRepository delete(Principal caller, String id, Long expectedVersion) {
        caller.require(Role.ADMIN);
        WatchedRepository current = store.get(id);
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw BerthException.stale(current.version());
        }
        store.delete(current, new AuditEntry(id, "watchedRepository", "delete", caller.actor(), clock.instant(), current.version(), null,
                "stopped watching " + current.fullName()));
        return current;
    }
}
