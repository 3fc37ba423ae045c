package dev.berth.core.repository;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.domain.AppServer;
import dev.berth.core.error.BerthException;
import java.util.List;
import java.util.Optional;

/** Where app servers are kept; writes are conditional on the version read, as for {@link Instances}. */
public interface AppServers {

    Optional<AppServer> find(String id);

    default AppServer get(String id) {
        return find(id).orElseThrow(() -> BerthException.notFound("App server", id));
    }

    void create(AppServer server, AuditEntry entry);

    /** Replaces {@code before} by {@code after} if nobody changed it in between; {@code entry} null: progress, not audited. */
    void update(AppServer before, AppServer after, AuditEntry entry);

    /** An instance's app servers, newest first. */
    Page<AppServer> listForInstance(String instanceId, int limit, String cursor);

    /** The given app servers that exist, in the order asked. */
    List<AppServer> getAll(List<String> ids);
}
