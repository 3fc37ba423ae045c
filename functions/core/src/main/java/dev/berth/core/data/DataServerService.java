package dev.berth.core.data;

import dev.berth.core.Ids;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.error.BerthException;
import dev.berth.core.port.SecretStore;
import dev.berth.core.repository.DataServers;
import dev.berth.core.repository.InstanceDataSets;
import dev.berth.core.repository.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Admins keep the data tier's server pools: servers of each kind, their capacity and whether they
 * take new instances. Admin passwords go to the secret store before the record is written and
 * are never read back through here.
 */
public final class DataServerService {
    private static final int TENANTS_NAMED = 20;

    private final DataServers servers;
    private final InstanceDataSets dataSets;
    private final SecretStore secrets;
    private final Clock clock;

    public DataServerService(DataServers servers, InstanceDataSets dataSets, SecretStore secrets, Clock clock) {
        this.servers = servers;
        this.dataSets = dataSets;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** {@code input} is read only once the caller may. */
    public DataServer create(Principal caller, Supplier<DataServerDraft> input) {
        caller.require(Role.ADMIN);
        DataServerDraft d = DataServerRules.validate(input.get(), null);
        Instant now = clock.instant();
        DataServer server = new DataServer("ds-" + Ids.ulid(now), d.name(), d.kind(), d.host(), d.port(), d.adminPort(), d.adminUser(),
                d.bucket(), d.capacity(), d.state(), 0, now, now, 1);
        secrets.put(server.adminPasswordSecret(), d.adminPassword());
        try {
            servers.create(server, entry(server, "create", caller, now, null, 1L, "added " + describe(server)));
        } catch (RuntimeException e) {
            secrets.delete(server.adminPasswordSecret());
            throw e;
        }
        return server;
    }

    public DataServer get(Principal caller, String id) {
        caller.require(Role.ADMIN);
        return servers.get(id);
    }

    public Page<DataServer> list(Principal caller, DataKind kind, int limit, String cursor) {
        caller.require(Role.ADMIN);
        return servers.list(kind, limit, cursor);
    }

    /** The instances placed on a server (at most twenty), as its detail shows them. */
    public List<String> tenants(Principal caller, String id) {
        caller.require(Role.ADMIN);
        return dataSets.tenantsOf(id, TENANTS_NAMED);
    }

    public DataServer change(Principal caller, String id, Long expectedVersion, UnaryOperator<DataServerDraft> change) {
        caller.require(Role.ADMIN);
        DataServer current = servers.get(id);
        checkVersion(current, expectedVersion);
        DataServerDraft d = DataServerRules.validate(change.apply(DataServerDraft.of(current)), current);
        Instant now = clock.instant();
        DataServer changed = new DataServer(id, d.name(), d.kind(), d.host(), d.port(), d.adminPort(), d.adminUser(), d.bucket(),
                d.capacity(), d.state(), current.tenants(), current.createdAt(), now, current.version() + 1);
        servers.update(current, changed, entry(changed, "update", caller, now, current.version(), changed.version(),
                "changed " + describe(changed) + (d.adminPassword() != null ? " (new admin password)" : "")));
        if (d.adminPassword() != null) {
            secrets.put(changed.adminPasswordSecret(), d.adminPassword());
        }
        return changed;
    }

    public void delete(Principal caller, String id, Long expectedVersion) {
        caller.require(Role.ADMIN);
        DataServer current = servers.get(id);
        checkVersion(current, expectedVersion);
        if (current.tenants() > 0) {
            throw inUse(current, dataSets.tenantsOf(id, TENANTS_NAMED));
        }
        servers.delete(current, entry(current, "delete", caller, clock.instant(), current.version(), null, "removed " + describe(current)));
        secrets.delete(current.adminPasswordSecret());
    }

    /** 409 naming the instances whose data is on the server. */
    public static BerthException inUse(DataServer server, List<String> instanceIds) {
        return BerthException.conflict("data_server_in_use", "Data server " + server.name() + " holds the data of " + server.tenants()
                + " instance(s) " + instanceIds + "; purge them or move their data first", Map.of("instances", instanceIds));
    }

    private static void checkVersion(DataServer current, Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw BerthException.stale(current.version());
        }
    }

    private static String describe(DataServer s) {
        return s.kind().wireName() + " server " + s.name() + " at " + s.address();
    }

    private static AuditEntry entry(DataServer s, String action, Principal caller, Instant at, Long before, Long after, String summary) {
        return new AuditEntry(s.id(), "dataServer", action, caller.actor(), at, before, after, summary);
    }
}
