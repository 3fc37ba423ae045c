package dev.berth.core.repository;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.error.BerthException;
import java.util.Optional;

/**
 * Where instances are kept. Every write is conditional on the version the caller read (412 with
 * the current version otherwise), carries its audit entry in the same atomic write, and keeps the
 * host names the instance claims unique across the whole system (409 {@code duplicate_sub_domain}).
 */
public interface Instances {

    Optional<Instance> find(String id);

    default Instance get(String id) {
        return find(id).orElseThrow(() -> BerthException.notFound("Instance", id));
    }

    /** The instance whose LMS domain this is. */
    Optional<Instance> findByDomain(String lmsDomain);

    void create(Instance instance, AuditEntry entry);

    /** Replaces {@code before} by {@code after}, moving the host guards when the domains change. */
    void update(Instance before, Instance after, AuditEntry entry);

    /** Removes the instance and releases its host names for good. */
    void delete(Instance instance, AuditEntry entry);

    /**
     * Instances of a status by name; with a query, those whose name starts with it, then those
     * whose LMS domain starts with it (each at most once).
     */
    Page<Instance> list(InstanceStatus status, String query, int limit, String cursor);
}
