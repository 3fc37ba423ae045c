package dev.berth.core.testing.memory;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.Page;
import dev.berth.core.repository.Services;
import dev.berth.core.services.Service;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link Services} in memory, by name. */
final class InMemoryServices implements Services {
    private final MemoryTable table;
    private final Map<String, Service> byName = new HashMap<>();

    InMemoryServices(MemoryTable table) {
        this.table = table;
    }

    @Override
    public Optional<Service> find(String name) {
        synchronized (table.lock) {
            return Optional.ofNullable(byName.get(name));
        }
    }

    @Override
    public void create(Service service, AuditEntry entry) {
        synchronized (table.lock) {
            if (byName.containsKey(service.name())) {
                throw BerthException.conflict("duplicate_name", "A service is already named " + service.name(),
                        Map.of("fields", Map.of("name", "is taken")));
            }
            byName.put(service.name(), service);
            table.audit.add(entry);
        }
    }

    @Override
    public void update(Service before, Service after, AuditEntry entry) {
        synchronized (table.lock) {
            Service stored = byName.get(before.name());
            MemoryTable.checkVersion("Service", before.name(), stored == null ? null : stored.version(), before.version());
            byName.put(after.name(), after);
            if (entry != null) {
                table.audit.add(entry);
            }
        }
    }

    @Override
    public void delete(Service service, AuditEntry entry) {
        synchronized (table.lock) {
            Service stored = byName.get(service.name());
            MemoryTable.checkVersion("Service", service.name(), stored == null ? null : stored.version(), service.version());
            byName.remove(service.name());
            table.audit.add(entry);
        }
    }

    @Override
    public Page<Service> list(int limit, String cursor) {
        synchronized (table.lock) {
            return table.page(new ArrayList<>(byName.values()), Service::name, false, "services", cursor, limit);
        }
    }
}
