package dev.berth.core.testing.memory;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.Document;
import dev.berth.core.repository.Documents;
import dev.berth.core.repository.Page;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link Documents} in memory: every change of a write checked first, then all applied under the table's lock. */
final class InMemoryDocuments<T extends Document> implements Documents<T> {
    private final MemoryTable table;
    private final String what;
    private final Map<String, T> byId = new HashMap<>();
    private final Map<String, String> keys = new HashMap<>();

    InMemoryDocuments(MemoryTable table, String what) {
        this.table = table;
        this.what = what;
    }

    @Override
    public Optional<T> find(String id) {
        synchronized (table.lock) {
            return Optional.ofNullable(byId.get(id));
        }
    }

    @Override
    public Optional<String> owner(String uniqueKey) {
        synchronized (table.lock) {
            return Optional.ofNullable(keys.get(uniqueKey));
        }
    }

    @Override
    public void write(List<Change<T>> changes, AuditEntry entry) {
        synchronized (table.lock) {
            Set<String> freed = new HashSet<>();
            for (Change<T> change : changes) {
                String id = change.after() != null ? change.after().id() : change.before().id();
                T stored = byId.get(id);
                if (change.before() == null) {
                    if (stored != null) {
                        throw BerthException.conflict("duplicate", what + " " + id + " already exists", Map.of());
                    }
                } else {
                    MemoryTable.checkVersion(what, id, stored == null ? null : stored.version(), change.before().version());
                }
                Set<String> gone = new HashSet<>(change.keysBefore());
                gone.removeAll(change.keysAfter());
                freed.addAll(gone);
            }
            Set<String> taken = new HashSet<>();
            for (Change<T> change : changes) {
                Set<String> added = new HashSet<>(change.keysAfter());
                added.removeAll(change.keysBefore());
                for (String key : added) {
                    if (keys.containsKey(key) && !freed.contains(key) || !taken.add(key)) {
                        throw BerthException.conflict("duplicate", key + " is taken", Map.of("key", key));
                    }
                }
            }
            for (Change<T> change : changes) {
                String id = change.after() != null ? change.after().id() : change.before().id();
                change.keysBefore().forEach(key -> {
                    if (!change.keysAfter().contains(key)) {
                        keys.remove(key);
                    }
                });
                change.keysAfter().forEach(key -> keys.put(key, id));
                if (change.after() == null) {
                    byId.remove(id);
                } else {
                    byId.put(id, change.after());
                }
            }
            if (entry != null) {
                table.audit.add(entry);
            }
        }
    }

    @Override
    public Page<T> list(int limit, String cursor) {
        synchronized (table.lock) {
            return table.page(new ArrayList<>(byId.values()), d -> d.sortKey() + "#" + d.id(), false, "documents:" + what, cursor, limit);
        }
    }
}
