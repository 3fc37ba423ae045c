package dev.berth.core.repository;

import dev.berth.core.audit.AuditEntry;
import java.time.Duration;

/**
 * The audit log. Entries are written by the other repositories inside the atomic write of the
 * change they describe: there is never a change without its entry, nor an entry for a change
 * that did not happen. Entries expire after {@link #RETENTION}.
 */
public interface AuditLog {
    Duration RETENTION = Duration.ofDays(365);

    /** An item's entries, newest first. */
    Page<AuditEntry> list(String target, int limit, String cursor);

    /** An entry for a change that lives outside the table (a value in the secret store). */
    void record(AuditEntry entry);
}
