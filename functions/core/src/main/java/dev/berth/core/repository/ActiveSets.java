package dev.berth.core.repository;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.Instance;
import java.util.List;

/**
 * Changes which app servers serve an instance: the instance's active list and every app server's
 * {@code active} flag change in one atomic write, each conditional on the version that was read.
 * Two people clicking at once: one wins, the other gets 412 (the app servers are checked first,
 * so the one the caller named is the one reported).
 */
public interface ActiveSets {

    /** One app server before and after the change. */
    record Change(AppServer before, AppServer after) {
    }

    void write(Instance before, Instance after, List<Change> servers, List<AuditEntry> entries);
}
