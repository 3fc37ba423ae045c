package dev.berth.core.repository;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.data.backup.Backup;
import dev.berth.core.error.BerthException;
import java.util.Optional;

/** Backups of instances' data sets (their files live in object storage; these are the records). */
public interface Backups {

    Optional<Backup> find(String instanceId, String backupId);

    default Backup get(String instanceId, String backupId) {
        return find(instanceId, backupId).orElseThrow(() -> BerthException.notFound("Backup", backupId));
    }

    void create(Backup backup, AuditEntry entry);

    /** A conditional write at {@code before}'s version; {@code entry} may be null for progress that is not audited. */
    void update(Backup before, Backup after, AuditEntry entry);

    void delete(Backup backup, AuditEntry entry);

    /** Newest first. */
    Page<Backup> list(String instanceId, int limit, String cursor);
}
