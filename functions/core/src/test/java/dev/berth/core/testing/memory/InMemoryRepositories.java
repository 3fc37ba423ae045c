package dev.berth.core.testing.memory;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.repository.AuditLog;
import dev.berth.core.repository.Cursors;
import dev.berth.core.repository.Leases;
import dev.berth.core.repository.Page;
import dev.berth.core.repository.Repositories;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every repository port in memory, for fast tests of the use cases. The contract suites in
 * {@code dev.berth.core.repository} run against these and against DynamoDB Local, so the two
 * cannot drift apart (versions, guards, atomic multi-item writes, paging).
 */
public final class InMemoryRepositories {
    private InMemoryRepositories() {
    }

    public static Repositories create() {
        return create(new Cursors("in-memory-test-cursor-secret-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    public static Repositories create(Cursors cursors) {
        MemoryTable table = new MemoryTable(cursors);
        InMemoryInstances instances = new InMemoryInstances(table);
        InMemoryAppServers appServers = new InMemoryAppServers(table);
        InMemoryDataServers dataServers = new InMemoryDataServers(table);
        return new Repositories(instances, appServers, new InMemoryDeploymentLogs(table),
                new InMemoryActiveSets(table, instances, appServers), new InMemoryApiTokens(table),
                new InMemoryWatchedRepositories(table), auditLog(table), leases(table),
                dataServers, dataServers.dataSets(), new InMemoryBackups(table), new InMemoryNodes(table), new InMemoryServices(table),
                new InMemoryDocuments<>(table, "Code item"), new InMemoryDocuments<>(table, "Site"), new InMemoryDocuments<>(table, "Route"),
                new InMemoryDocuments<>(table, "Command"), new InMemoryDocuments<>(table, "Command execution"),
                new InMemoryDocuments<>(table, "Statistics"), new InMemoryDocuments<>(table, "Incident"),
                new InMemoryDocuments<>(table, "Campaign"), new InMemoryDocuments<>(table, "Profile"),
                new InMemoryDocuments<>(table, "DNS publication"), new InMemoryDocuments<>(table, "Certificate"),
                new InMemoryDocuments<>(table, "Report"), new InMemoryDocuments<>(table, "Pool VM"), routingQueue(table));
    }

    private static AuditLog auditLog(MemoryTable table) {
        record Keyed(AuditEntry entry, String key) {
        }
        return new AuditLog() {
            @Override
            public Page<AuditEntry> list(String target, int limit, String cursor) {
                synchronized (table.lock) {
                    List<Keyed> entries = new ArrayList<>();
                    for (int i = 0; i < table.audit.size(); i++) {
                        AuditEntry entry = table.audit.get(i);
                        if (entry.target().equals(target)) {
                            entries.add(new Keyed(entry, entry.at() + "#" + String.format("%09d", i)));
                        }
                    }
                    Page<Keyed> page = table.page(entries, Keyed::key, true, "audit:" + target, cursor, limit);
                    return new Page<>(page.items().stream().map(Keyed::entry).toList(), page.nextCursor());
                }
            }

            @Override
            public void record(AuditEntry entry) {
                synchronized (table.lock) {
                    table.audit.add(entry);
                }
            }
        };
    }

    private static dev.berth.core.repository.RoutingQueue routingQueue(MemoryTable table) {
        java.util.Set<String> dirty = new java.util.TreeSet<>();
        boolean[] pending = {false};
        return new dev.berth.core.repository.RoutingQueue() {
            @Override
            public boolean markDirty(String instanceId) {
                synchronized (table.lock) {
                    dirty.add(instanceId);
                    boolean start = !pending[0];
                    pending[0] = true;
                    return start;
                }
            }

            @Override
            public java.util.Set<String> takeDirty() {
                synchronized (table.lock) {
                    java.util.Set<String> taken = java.util.Set.copyOf(dirty);
                    dirty.clear();
                    pending[0] = false;
                    return taken;
                }
            }
        };
    }

    private static Leases leases(MemoryTable table) {
        record Held(String holder, Instant until) {
        }
        Map<String, Held> held = new HashMap<>();
        return new Leases() {
            @Override
            public boolean acquire(String name, String holder, Duration duration, Instant now) {
                synchronized (table.lock) {
                    Held current = held.get(name);
                    if (current != null && !current.until().isBefore(now) && !current.holder().equals(holder)) {
                        return false;
                    }
                    held.put(name, new Held(holder, now.plus(duration)));
                    return true;
                }
            }

            @Override
            public void release(String name, String holder) {
                synchronized (table.lock) {
                    held.computeIfPresent(name, (n, current) -> current.holder().equals(holder) ? null : current);
                }
            }
        };
    }
}
