package dev.berth.core.service;

import dev.berth.core.Ids;
import dev.berth.core.auth.Principal;
import dev.berth.core.json.Json;
import dev.berth.core.port.Workflows;
import dev.berth.core.auth.Role;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.Instance;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.AppServers;
import dev.berth.core.repository.Instances;
import dev.berth.core.repository.Page;
import java.util.List;

/**
 * {@code DELETE /instances/{id}}: takes the instance out of the load balancer and DNS, terminates
 * all its app servers and archives it (its data stays). With {@code purge}, the PurgeInstance
 * state machine then drops its databases, users, vhost, storage prefix and backups, and only
 * then deletes the record. Archiving is the one way a production instance may go dark: it is
 * what was asked.
 */
public final class ArchiveService {
    private final Instances instances;
    private final AppServers appServers;
    private final InstanceService instanceService;
    private final ActivationService activation;
    private final AppServerService lifecycle;
    private final Workflows workflows;

    /** Drops the instance's data set and backups, then deletes its record. */
    public static final String PURGE_MACHINE = "PurgeInstance";

    public ArchiveService(Instances instances, AppServers appServers, InstanceService instanceService,
                          ActivationService activation, AppServerService lifecycle, Workflows workflows) {
        this.workflows = workflows;
        this.instances = instances;
        this.appServers = appServers;
        this.instanceService = instanceService;
        this.activation = activation;
        this.lifecycle = lifecycle;
    }

    public Instance archive(Principal caller, String id, Long expectedVersion, boolean purge) {
        caller.require(Role.MANAGER);
        Instance instance = instances.get(id);
        if (expectedVersion != null && expectedVersion != instance.version()) {
            throw BerthException.stale(instance.version());
        }
        if (!instance.activeAppServerIds().isEmpty()) {
            AppServer first = appServers.get(instance.activeAppServerIds().get(0));
            activation.change(caller, instance, List.of(), first, "archive");
        }
        String cursor = null;
        do {
            Page<AppServer> page = appServers.listForInstance(id, 100, cursor);
            for (AppServer server : page.items()) {
                if (server.status() != AppServerStatus.TERMINATED) {
                    activation.terminate(caller, server.id(), null, lifecycle);
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        // The version the caller checked is the one before our own changes above.
        Instance archived = instanceService.archive(caller, id, null);
        if (purge) {
            workflows.start(PURGE_MACHINE, "purge-" + id + "-" + Ids.ulid(java.time.Instant.now()), Json.write(java.util.Map.of("instanceId", id)));
        }
        return archived;
    }
}
