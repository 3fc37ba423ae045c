package dev.berth.core.testing.memory;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.data.DataKind;
import dev.berth.core.data.DataServer;
import dev.berth.core.data.DataServerService;
import dev.berth.core.data.InstanceData;
import dev.berth.core.data.DataPlacement;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.DataServers;
import dev.berth.core.repository.InstanceDataSets;
import dev.berth.core.repository.Page;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** {@link DataServers} and {@link InstanceDataSets} in memory: placing changes tenant counts in the same atomic step. */
final class InMemoryDataServers implements DataServers {
    private final MemoryTable table;
    final Map<String, DataServer> byId = new HashMap<>();
    final Map<String, TreeSet<String>> tenants = new HashMap<>();

    InMemoryDataServers(MemoryTable table) {
        this.table = table;
    }

    @Override
    public Optional<DataServer> find(String id) {
        synchronized (table.lock) {
            return Optional.ofNullable(byId.get(id));
        }
    }

    @Override
    public void create(DataServer server, AuditEntry entry) {
        synchronized (table.lock) {
            checkName(server);
            byId.put(server.id(), server);
            table.audit.add(entry);
        }
    }

    @Override
    public void update(DataServer before, DataServer after, AuditEntry entry) {
        synchronized (table.lock) {
            DataServer stored = byId.get(before.id());
            MemoryTable.checkVersion("Data server", before.id(), stored == null ? null : stored.version(), before.version());
            checkName(after);
            byId.put(after.id(), after.withTenants(stored.tenants()));
            table.audit.add(entry);
        }
    }

    @Override
    public void delete(DataServer server, AuditEntry entry) {
        synchronized (table.lock) {
            DataServer stored = byId.get(server.id());
            MemoryTable.checkVersion("Data server", server.id(), stored == null ? null : stored.version(), server.version());
            if (stored.tenants() > 0) {
                throw DataServerService.inUse(stored, new ArrayList<>(tenants.getOrDefault(server.id(), new TreeSet<>())));
            }
            byId.remove(server.id());
            table.audit.add(entry);
        }
    }

    @Override
    public Page<DataServer> list(DataKind kind, int limit, String cursor) {
        synchronized (table.lock) {
            List<DataServer> matching = byId.values().stream().filter(s -> kind == null || s.kind() == kind).toList();
            return table.page(matching, s -> s.name().toLowerCase(Locale.ROOT) + "#" + s.id(), false,
                    "data-servers:" + (kind == null ? "" : kind.wireName()), cursor, limit);
        }
    }

    @Override
    public List<DataServer> all(DataKind kind) {
        synchronized (table.lock) {
            return byId.values().stream().filter(s -> s.kind() == kind).toList();
        }
    }

    private void checkName(DataServer server) {
        for (DataServer other : byId.values()) {
            if (!other.id().equals(server.id()) && other.name().equalsIgnoreCase(server.name())) {
                throw BerthException.conflict("duplicate_name", "A data server is already named " + server.name(),
                        Map.of("fields", Map.of("name", "is taken")));
            }
        }
    }

    /** The data sets, sharing this lock and the servers' tenant counts. */
    InstanceDataSets dataSets() {
        Map<String, InstanceData> sets = new HashMap<>();
        return new InstanceDataSets() {
            @Override
            public Optional<InstanceData> find(String instanceId) {
                synchronized (table.lock) {
                    return Optional.ofNullable(sets.get(instanceId));
                }
            }

            @Override
            public boolean place(InstanceData data, AuditEntry entry) {
                synchronized (table.lock) {
                    if (sets.containsKey(data.instanceId())) {
                        return false;
                    }
                    for (DataPlacement p : data.placements()) {
                        DataServer server = byId.get(p.serverId());
                        if (server == null || !server.hasRoom()) {
                            throw BerthException.conflict("data_server_full", "Data server " + p.serverId() + " no longer takes instances", Map.of());
                        }
                    }
                    for (DataPlacement p : data.placements()) {
                        DataServer server = byId.get(p.serverId());
                        byId.put(server.id(), server.withTenants(server.tenants() + 1));
                        tenants.computeIfAbsent(server.id(), id -> new TreeSet<>()).add(data.instanceId());
                    }
                    sets.put(data.instanceId(), data);
                    table.audit.add(entry);
                    return true;
                }
            }

            @Override
            public void update(InstanceData before, InstanceData after, AuditEntry entry) {
                synchronized (table.lock) {
                    InstanceData stored = sets.get(before.instanceId());
                    MemoryTable.checkVersion("Data set", before.instanceId(), stored == null ? null : stored.version(), before.version());
                    sets.put(after.instanceId(), after);
                    if (entry != null) {
                        table.audit.add(entry);
                    }
                }
            }

            @Override
            public void release(InstanceData data, AuditEntry entry) {
                synchronized (table.lock) {
                    if (sets.remove(data.instanceId()) == null) {
                        return;
                    }
                    for (DataPlacement p : data.placements()) {
                        DataServer server = byId.get(p.serverId());
                        if (server != null && tenants.getOrDefault(server.id(), new TreeSet<>()).remove(data.instanceId())) {
                            byId.put(server.id(), server.withTenants(server.tenants() - 1));
                        }
                    }
                    table.audit.add(entry);
                }
            }

            @Override
            public List<String> tenantsOf(String serverId, int limit) {
                synchronized (table.lock) {
                    return tenants.getOrDefault(serverId, new TreeSet<>()).stream().limit(limit).toList();
                }
            }
        };
    }
}
