package dev.berth.core.services;

import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.data.backup.Backup;
import dev.berth.core.data.backup.BackupService;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.Page;
import dev.berth.core.repository.Services;
import java.util.Map;

/**
 * A postgresql service's database through the data tier's backups: a dump of a colour (by default
 * the production one) to object storage, timestamped and checksummed, and a restore of any of the
 * service's dumps into a colour, the roles it needs created first. The database port is never
 * routed: the data tier's steps reach it on the node's private address.
 */
public final class ServiceDatabaseService {
    private final Services services;
    private final BackupService backups;

    public ServiceDatabaseService(Services services, BackupService backups) {
        this.services = services;
        this.backups = backups;
    }

    /** Starts a dump of {@code colour} (null: the production colour, or the only running one); 202 with the pending backup. */
    public Backup dump(Principal caller, String name, String colour) {
        caller.require(Role.MANAGER);
        Service service = database(name);
        return backups.startFrom(caller, ServiceDatabases.owner(name), runningColour(service, colour));
    }

    /** Restores one of the service's dumps into {@code colour} (null: production); If-Match on the service. */
    public Backup restore(Principal caller, String name, String backupId, String colour, Long expectedVersion) {
        caller.require(Role.MANAGER);
        Service current = services.get(name);
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw BerthException.stale(current.version()); // the precondition first, as HTTP evaluates it
        }
        Service service = database(name);
        if (backupId == null || backupId.isBlank()) {
            throw BerthException.invalid("backupId", "is required: the id of one of the service's dumps");
        }
        return backups.startRestoreInto(caller, ServiceDatabases.owner(name), backupId, runningColour(service, colour));
    }

    public Page<Backup> list(Principal caller, String name, int limit, String cursor) {
        caller.require(Role.VIEWER);
        services.get(name);
        return backups.listOf(caller, ServiceDatabases.owner(name), limit, cursor);
    }

    public Backup get(Principal caller, String name, String backupId) {
        caller.require(Role.VIEWER);
        services.get(name);
        return backups.get(caller, ServiceDatabases.owner(name), backupId);
    }

    private Service database(String name) {
        Service service = services.get(name);
        if (service.kind() != Service.Kind.POSTGRESQL) {
            throw BerthException.conflict("not_a_database", "Service " + name + " is a " + service.kind().wireName()
                    + " service: only postgresql services have a database to dump or restore", Map.of());
        }
        return service;
    }

    private static String runningColour(Service service, String colour) {
        java.util.List<String> running = Service.COLOURS.stream()
                .filter(c -> service.colour(c).filter(s -> s.status().equals("running")).isPresent()).toList();
        String chosen = colour != null ? colour : service.production() != null ? service.production()
                : running.size() == 1 ? running.get(0) : null;
        if (chosen == null) {
            throw BerthException.conflict("colour_not_running", "Name a colour: " + service.name() + " has no production colour and "
                    + "not exactly one running colour", Map.of());
        }
        if (!Service.COLOURS.contains(chosen)) {
            throw BerthException.invalid("colour", "must be blue or green");
        }
        if (!running.contains(chosen)) {
            throw BerthException.conflict("colour_not_running", "The " + chosen + " colour of " + service.name() + " is not running", Map.of());
        }
        return chosen;
    }
}
