package dev.berth.core.testing.memory;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.domain.WatchedRepository;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.Page;
import dev.berth.core.repository.WatchedRepositories;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@link WatchedRepositories} in memory; full names are unique regardless of case. */
final class InMemoryWatchedRepositories implements WatchedRepositories {
    private final MemoryTable table;
    private final Map<String, WatchedRepository> byId = new HashMap<>();
    private final Map<String, String> byName = new HashMap<>();

    InMemoryWatchedRepositories(MemoryTable table) {
        this.table = table;
    }

    @Override
    public Optional<WatchedRepository> find(String id) {
        synchronized (table.lock) {
            return Optional.ofNullable(byId.get(id));
        }
    }

    @Override
    public Optional<WatchedRepository> findByFullName(String fullName) {
        synchronized (table.lock) {
            return Optional.ofNullable(byName.get(fullName.toLowerCase(Locale.ROOT))).map(byId::get);
        }
    }

    @Override
    public void create(WatchedRepository repo, AuditEntry entry) {
        synchronized (table.lock) {
            String name = repo.fullName().toLowerCase(Locale.ROOT);
            if (byId.containsKey(repo.id()) || byName.containsKey(name)) {
                throw BerthException.conflict("already_watched", repo.fullName() + " is already watched",
                        Map.of("fields", Map.of("fullName", "is already watched")));
            }
            byId.put(repo.id(), repo);
            byName.put(name, repo.id());
            table.audit.add(entry);
        }
    }

    @Override
    public void update(WatchedRepository before, WatchedRepository after, AuditEntry entry) {
        synchronized (table.lock) {
            WatchedRepository stored = byId.get(before.id());
            MemoryTable.checkVersion("Watched repository", before.id(), stored == null ? null : stored.version(), before.version());
            byId.put(after.id(), after);
            table.audit.add(entry);
        }
    }

    @Override
    public void delete(WatchedRepository repo, AuditEntry entry) {
        synchronized (table.lock) {
            WatchedRepository stored = byId.get(repo.id());
            MemoryTable.checkVersion("Watched repository", repo.id(), stored == null ? null : stored.version(), repo.version());
            byId.remove(repo.id());
            byName.remove(repo.fullName().toLowerCase(Locale.ROOT));
            table.audit.add(entry);
        }
    }

    @Override
    public Page<WatchedRepository> list(int limit, String cursor) {
        synchronized (table.lock) {
            return table.page(new ArrayList<>(byId.values()), r -> r.fullName().toLowerCase(Locale.ROOT) + "#" + r.id(), false,
                    "watched", cursor, limit);
        }
    }
}
