package dev.berth.core.testing.memory;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.domain.AppServer;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.AppServers;
import dev.berth.core.repository.Page;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link AppServers} in memory. */
final class InMemoryAppServers implements AppServers {
    private final MemoryTable table;
    final Map<String, AppServer> byId = new HashMap<>();

    InMemoryAppServers(MemoryTable table) {
        this.table = table;
    }

    @Override
    public Optional<AppServer> find(String id) {
        synchronized (table.lock) {
            return Optional.ofNullable(byId.get(id));
        }
    }

    @Override
    public void create(AppServer server, AuditEntry entry) {
        synchronized (table.lock) {
            if (byId.containsKey(server.id())) {
                throw BerthException.conflict("already_exists", "App server " + server.id() + " already exists", Map.of());
            }
            if (table.hostOwners.containsKey(server.previewHost())) {
                throw dev.berth.core.domain.Domains.taken(server.previewHost(), "previewHost");
            }
            table.hostOwners.put(server.previewHost(), "appserver:" + server.id());
            byId.put(server.id(), server);
            table.audit.add(entry);
        }
    }

    @Override
    public void update(AppServer before, AppServer after, AuditEntry entry) {
        synchronized (table.lock) {
            checkCurrent(before);
            byId.put(after.id(), after);
            if (entry != null) {
                table.audit.add(entry);
            }
        }
    }

    void checkCurrent(AppServer before) {
        AppServer stored = byId.get(before.id());
        MemoryTable.checkVersion("App server", before.id(), stored == null ? null : stored.version(), before.version());
    }

    @Override
    public Page<AppServer> listForInstance(String instanceId, int limit, String cursor) {
        synchronized (table.lock) {
            List<AppServer> mine = byId.values().stream().filter(s -> s.instanceId().equals(instanceId)).toList();
            return table.page(mine, s -> s.createdAt() + "#" + s.id(), true, "appservers:" + instanceId, cursor, limit);
        }
    }

    @Override
    public List<AppServer> getAll(List<String> ids) {
        synchronized (table.lock) {
            return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
        }
    }
}
