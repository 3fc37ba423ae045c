package dev.berth.core.repository;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.domain.WatchedRepository;
import dev.berth.core.error.BerthException;
import java.util.Optional;

/** Repositories whose pull requests get sandboxes; the full name is unique (409 {@code already_watched}). */
public interface WatchedRepositories {

    Optional<WatchedRepository> find(String id);

    default WatchedRepository get(String id) {
        return find(id).orElseThrow(() -> BerthException.notFound("Watched repository", id));
    }

    /** Case-insensitive, as GitHub's names are. */
    Optional<WatchedRepository> findByFullName(String fullName);

    void create(WatchedRepository repository, AuditEntry entry);

    void update(WatchedRepository before, WatchedRepository after, AuditEntry entry);

    void delete(WatchedRepository repository, AuditEntry entry);

    /** By full name. */
    Page<WatchedRepository> list(int limit, String cursor);
}
