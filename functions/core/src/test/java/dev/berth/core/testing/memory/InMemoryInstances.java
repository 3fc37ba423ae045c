package dev.berth.core.testing.memory;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.Instances;
import dev.berth.core.repository.Page;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@link Instances} in memory, with the DynamoDB adapter's guards and conditions (the contract suite holds both to them). */
final class InMemoryInstances implements Instances {
    private static final String OWNER = "instance:";
    private final MemoryTable table;
    private final Map<String, Instance> byId = new HashMap<>();

    InMemoryInstances(MemoryTable table) {
        this.table = table;
    }

    @Override
    public Optional<Instance> find(String id) {
        synchronized (table.lock) {
            return Optional.ofNullable(byId.get(id));
        }
    }

    @Override
    public Optional<Instance> findByDomain(String lmsDomain) {
        synchronized (table.lock) {
            String owner = table.hostOwners.get(lmsDomain);
            return owner != null && owner.startsWith(OWNER) ? Optional.ofNullable(byId.get(owner.substring(OWNER.length()))) : Optional.empty();
        }
    }

    @Override
    public void create(Instance instance, AuditEntry entry) {
        synchronized (table.lock) {
            if (byId.containsKey(instance.id())) {
                throw BerthException.conflict("already_exists", "Instance " + instance.id() + " already exists", Map.of());
            }
            claim(instance, instance.domains().all());
            byId.put(instance.id(), instance);
            table.audit.add(entry);
        }
    }

    @Override
    public void update(Instance before, Instance after, AuditEntry entry) {
        synchronized (table.lock) {
            Instance stored = byId.get(before.id());
            MemoryTable.checkVersion("Instance", before.id(), stored == null ? null : stored.version(), before.version());
            claim(after, after.domains().all().stream().filter(host -> !before.domains().all().contains(host)).toList());
            before.domains().all().stream().filter(host -> !after.domains().all().contains(host))
                    .forEach(host -> table.hostOwners.remove(host, OWNER + before.id()));
            byId.put(after.id(), after);
            table.audit.add(entry);
        }
    }

    @Override
    public void delete(Instance instance, AuditEntry entry) {
        synchronized (table.lock) {
            Instance stored = byId.get(instance.id());
            MemoryTable.checkVersion("Instance", instance.id(), stored == null ? null : stored.version(), instance.version());
            byId.remove(instance.id());
            instance.domains().all().forEach(host -> table.hostOwners.remove(host, OWNER + instance.id()));
            table.audit.add(entry);
        }
    }

    /** Stores {@code instance} as it is (for an atomic write over several repositories, under the lock). */
    void replace(Instance instance) {
        byId.put(instance.id(), instance);
    }

    @Override
    public Page<Instance> list(InstanceStatus status, String query, int limit, String cursor) {
        String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
        String scope = "instances:" + status.wireName() + ":" + q;
        synchronized (table.lock) {
            // Name matches first, then domain matches that are not name matches: one ordered list of "phase/key".
            Map<String, Instance> ordered = new LinkedHashMap<>();
            List<Instance> ofStatus = byId.values().stream().filter(i -> i.status() == status).toList();
            ofStatus.stream().filter(i -> nameKey(i).startsWith(q)).sorted((a, b) -> nameKey(a).compareTo(nameKey(b)))
                    .forEach(i -> ordered.put("1/" + nameKey(i), i));
            if (!q.isEmpty()) {
                ofStatus.stream().filter(i -> domainKey(i).startsWith(q) && !nameKey(i).startsWith(q))
                        .sorted((a, b) -> domainKey(a).compareTo(domainKey(b)))
                        .forEach(i -> ordered.put("2/" + domainKey(i), i));
            }
            List<Map.Entry<String, Instance>> entries = new ArrayList<>(ordered.entrySet());
            Page<Map.Entry<String, Instance>> page = table.page(entries, Map.Entry::getKey, false, scope, cursor, limit);
            return new Page<>(page.items().stream().map(Map.Entry::getValue).toList(), page.nextCursor());
        }
    }

    private static String nameKey(Instance i) {
        return i.settings().name().toLowerCase(Locale.ROOT) + "#" + i.id();
    }

    private static String domainKey(Instance i) {
        return i.domains().lms() + "#" + i.id();
    }

    /** Claims every host, or none: a host someone holds fails the whole write. */
    private void claim(Instance instance, java.util.List<String> hosts) {
        for (String host : hosts) {
            if (table.hostOwners.containsKey(host)) {
                throw dev.berth.core.domain.Domains.taken(host, instance.domains().fieldsByHost().get(host));
            }
        }
        hosts.forEach(host -> table.hostOwners.put(host, OWNER + instance.id()));
    }
}
