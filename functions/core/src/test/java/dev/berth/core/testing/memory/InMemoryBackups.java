package dev.berth.core.testing.memory;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.data.backup.Backup;
import dev.berth.core.repository.Backups;
import dev.berth.core.repository.Page;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Backups} in memory, newest first. */
final class InMemoryBackups implements Backups {
    private final MemoryTable table;
    private final Map<String, Backup> byKey = new HashMap<>();

    InMemoryBackups(MemoryTable table) {
        this.table = table;
    }

    @Override
    public Optional<Backup> find(String instanceId, String backupId) {
        synchronized (table.lock) {
            return Optional.ofNullable(byKey.get(instanceId + "/" + backupId));
        }
    }

    @Override
    public void create(Backup backup, AuditEntry entry) {
        synchronized (table.lock) {
            byKey.put(backup.instanceId() + "/" + backup.id(), backup);
            table.audit.add(entry);
        }
    }

    @Override
    public void update(Backup before, Backup after, AuditEntry entry) {
        synchronized (table.lock) {
            Backup stored = byKey.get(before.instanceId() + "/" + before.id());
            MemoryTable.checkVersion("Backup", before.id(), stored == null ? null : stored.version(), before.version());
            byKey.put(after.instanceId() + "/" + after.id(), after);
            if (entry != null) {
                table.audit.add(entry);
            }
        }
    }

    @Override
    public void delete(Backup backup, AuditEntry entry) {
        synchronized (table.lock) {
            Backup stored = byKey.get(backup.instanceId() + "/" + backup.id());
            MemoryTable.checkVersion("Backup", backup.id(), stored == null ? null : stored.version(), backup.version());
            byKey.remove(backup.instanceId() + "/" + backup.id());
            table.audit.add(entry);
        }
    }

    @Override
    public Page<Backup> list(String instanceId, int limit, String cursor) {
        synchronized (table.lock) {
            List<Backup> mine = byKey.values().stream().filter(b -> b.instanceId().equals(instanceId)).toList();
            return table.page(mine, Backup::id, true, "backups:" + instanceId, cursor, limit);
        }
    }
}
