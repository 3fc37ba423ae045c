package dev.berth.core.repository;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.error.BerthException;
import dev.berth.core.services.Service;
import java.util.List;
import java.util.Optional;

/** Container services by name (their id). */
public interface Services {

    Optional<Service> find(String name);

    default Service get(String name) {
        return find(name).orElseThrow(() -> BerthException.notFound("Service", name));
    }

    /** 409 {@code duplicate_name} when the name is taken. */
    void create(Service service, AuditEntry entry);

    /** A conditional write at {@code before}'s version; {@code entry} may be null for progress that is not audited. */
    void update(Service before, Service after, AuditEntry entry);

    void delete(Service service, AuditEntry entry);

    /** By name. */
    Page<Service> list(int limit, String cursor);

    default List<Service> all() {
        List<Service> services = new java.util.ArrayList<>();
        String cursor = null;
        do {
            Page<Service> page = list(100, cursor);
            services.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return services;
    }
}
