package dev.berth.core.testing.memory;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.domain.Instance;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.ActiveSets;
import java.util.List;
import java.util.Map;

/** {@link ActiveSets} in memory: every condition is checked before anything is written. */
final class InMemoryActiveSets implements ActiveSets {
    private final MemoryTable table;
    private final InMemoryInstances instances;
    private final InMemoryAppServers appServers;

    InMemoryActiveSets(MemoryTable table, InMemoryInstances instances, InMemoryAppServers appServers) {
        this.table = table;
        this.instances = instances;
        this.appServers = appServers;
    }

    @Override
    public void write(Instance before, Instance after, List<Change> servers, List<AuditEntry> entries) {
        synchronized (table.lock) {
            servers.forEach(change -> appServers.checkCurrent(change.before()));
            Instance stored = instances.find(before.id()).orElse(null);
            if (stored == null || stored.version() != before.version()) {
                throw BerthException.conflict("instance_changed", "Instance " + before.id()
                        + " changed while its active app servers were being changed; read it again and retry", Map.of());
            }
            servers.forEach(change -> appServers.byId.put(change.after().id(), change.after()));
            instances.replace(after);
            table.audit.addAll(entries);
        }
    }
}
