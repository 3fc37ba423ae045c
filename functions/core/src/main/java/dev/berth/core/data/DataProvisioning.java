package dev.berth.core.data;

import dev.berth.core.Ids;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.error.BerthException;
import dev.berth.core.port.DataServerAdmin;
import dev.berth.core.port.SecretStore;
import dev.berth.core.repository.DataServers;
import dev.berth.core.repository.InstanceDataSets;
import dev.berth.core.repository.Instances;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An instance's persistent data set through its life: placed on the least-used accepting server
 * of each kind and created on its first launch (idempotent; concurrent first launches place it
 * once), handed to deploys as connections, its credentials rotated, and dropped by a purge.
 * Ephemeral instances have none: their databases live on the app server.
 */
public final class DataProvisioning {
    private static final int PLACE_ATTEMPTS = 3;

    private final Instances instances;
    private final DataServers servers;
    private final InstanceDataSets dataSets;
    private final SecretStore secrets;
    private final Function<DataKind, DataServerAdmin> admins;
    private final DataTierConfig config;
    private final Clock clock;

    public DataProvisioning(Instances instances, DataServers servers, InstanceDataSets dataSets, SecretStore secrets,
                            Function<DataKind, DataServerAdmin> admins, DataTierConfig config, Clock clock) {
        this.instances = instances;
        this.servers = servers;
        this.dataSets = dataSets;
        this.secrets = secrets;
        this.admins = admins;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Makes sure the instance's data set exists on its servers (the launch decides whether its
     * data is persistent). On a first provisioning that fails, what it made is dropped and the
     * placement given back, so a later launch starts clean.
     */
    public InstanceData provision(String instanceId) {
        instances.get(instanceId);
        return provisionFor(instanceId, config.needs());
    }

    /** The same for another owner of a data set (a Drupal site: {@code site-<sid>}), with its own needs. */
    public InstanceData provisionFor(String instanceId, java.util.Map<DataKind, List<String>> needs) {
        InstanceData data = dataSets.find(instanceId).orElseGet(() -> place(instanceId, needs));
        if (data.state() == InstanceData.State.DROPPING) {
            throw new DataTierRefusal("The instance's data is being dropped (purge); it cannot be launched");
        }
        try {
            for (DataPlacement placement : data.placements()) {
                ensure(instanceId, placement, placement.user());
            }
        } catch (DataServerFailure | DataTierRefusal e) {
            if (data.state() == InstanceData.State.PROVISIONING) {
                undo(data, "provisioning failed: " + e.getMessage());
            }
            throw e;
        }
        if (data.state() == InstanceData.State.PROVISIONING) {
            InstanceData ready = data.with(InstanceData.State.READY, data.placements(), clock.instant());
            try {
                dataSets.update(data, ready, entry(instanceId, "data.provision", "system", data.version(), ready.version(),
                        "created its databases on " + serverNames(data)));
            } catch (BerthException e) {
                // A concurrent first launch marked it ready first: the same databases, made by the same idempotent statements.
                InstanceData now = dataSets.find(instanceId).filter(d -> d.state() == InstanceData.State.READY).orElseThrow(() -> e);
                return now;
            }
            return ready;
        }
        return data;
    }

    /** How a deploy reaches the data set; empty for an ephemeral instance or one not provisioned. */
    public Optional<DataConnections> connections(String instanceId) {
        return dataSets.find(instanceId).filter(d -> d.state() == InstanceData.State.READY).map(data -> {
            Map<DataKind, DataConnections.Connection> byKind = new EnumMap<>(DataKind.class);
            for (DataPlacement p : data.placements()) {
                DataServer server = servers.get(p.serverId());
                Map<String, String> databases = new LinkedHashMap<>();
                p.databases().forEach(name -> databases.put(DataNames.role(p.kind(), name), name));
                String password = p.user() == null ? null : secrets.get(p.passwordSecret(instanceId)).orElseThrow(() ->
                        new DataTierRefusal("The password of " + p.user() + " is missing from the secret store; rotate the credentials"));
                byKind.put(p.kind(), new DataConnections.Connection(server.host(), server.port(), databases, p.user(), password, server.bucket()));
            }
            return new DataConnections(byKind);
        });
    }

    /** The data set as its detail shows it (placements, no passwords). */
    public Optional<InstanceData> find(Principal caller, String instanceId) {
        caller.require(Role.VIEWER);
        instances.get(instanceId);
        return dataSets.find(instanceId);
    }

    /**
     * New credentials for every user of the data set: a second user with a new password, which
     * the next launch's provisioning step creates with the same grants and its deploy uses; the
     * old user keeps working for the app servers that run now, and is dropped after that deploy
     * succeeds ({@link #finishRotation}). The API never reaches a database server itself.
     */
    public InstanceData rotate(Principal caller, String instanceId) {
        caller.require(Role.ADMIN);
        instances.get(instanceId);
        InstanceData data = dataSets.find(instanceId).filter(d -> d.state() == InstanceData.State.READY).orElseThrow(() ->
                BerthException.conflict("no_persistent_data", "Instance " + instanceId + " has no provisioned data set to rotate", Map.of()));
        if (data.rotating()) {
            throw BerthException.conflict("rotation_in_progress", "A rotation of " + instanceId
                    + "'s credentials waits for the next successful deploy to retire the old users", Map.of());
        }
        List<DataPlacement> rotated = new ArrayList<>();
        for (DataPlacement p : data.placements()) {
            if (p.user() == null) {
                rotated.add(p);
                continue;
            }
            DataPlacement next = p.rotatedTo(DataNames.nextUser(p.user()));
            secrets.put(next.passwordSecret(instanceId), Ids.random(32));
            rotated.add(next);
        }
        InstanceData after = data.with(data.state(), rotated, clock.instant());
        dataSets.update(data, after, entry(instanceId, "data.rotate", caller.actor(), data.version(), after.version(),
                "rotated the database credentials; the old users go after the next successful deploy"));
        return after;
    }

    /** After a successful deploy: the users a rotation replaced are dropped and their passwords forgotten. */
    public void finishRotation(String instanceId) {
        Optional<InstanceData> found = dataSets.find(instanceId);
        if (found.isEmpty() || !found.get().rotating()) {
            return;
        }
        InstanceData data = found.get();
        List<DataPlacement> retired = new ArrayList<>();
        for (DataPlacement p : data.placements()) {
            if (p.retiringUser() != null) {
                DataServer server = servers.get(p.serverId());
                admins.apply(p.kind()).dropUser(server, adminPassword(server), p, p.retiringUser());
                secrets.delete(DataPlacement.passwordSecret(instanceId, p.kind(), p.retiringUser()));
            }
            retired.add(p.retired());
        }
        InstanceData after = data.with(data.state(), retired, clock.instant());
        dataSets.update(data, after, entry(instanceId, "data.rotate.finish", "system", data.version(), after.version(),
                "dropped the users the rotation replaced"));
    }

    /** Drops every database, user, vhost and prefix of the instance, then gives the placement back. Idempotent. */
    public void drop(String instanceId) {
        Optional<InstanceData> found = dataSets.find(instanceId);
        if (found.isEmpty()) {
            return;
        }
        InstanceData data = found.get();
        if (data.state() != InstanceData.State.DROPPING) {
            InstanceData dropping = data.with(InstanceData.State.DROPPING, data.placements(), clock.instant());
            dataSets.update(data, dropping, null);
            data = dropping;
        }
        for (DataPlacement p : data.placements()) {
            Optional<DataServer> server = servers.find(p.serverId());
            if (server.isPresent()) {
                admins.apply(p.kind()).drop(server.get(), adminPassword(server.get()), p);
            }
        }
        forgetPasswords(instanceId);
        dataSets.release(data, entry(instanceId, "data.drop", "system", data.version(), null, "dropped its databases on " + serverNames(data)));
    }

    private InstanceData place(String instanceId, java.util.Map<DataKind, List<String>> needs) {
        for (int attempt = 1; ; attempt++) {
            List<DataPlacement> placements = new ArrayList<>();
            for (DataKind kind : java.util.Arrays.stream(DataKind.values()).filter(needs::containsKey).toList()) {
                DataServer server = servers.all(kind).stream().filter(DataServer::hasRoom)
                        .min(Comparator.comparingDouble((DataServer s) -> (double) s.tenants() / s.capacity())
                                .thenComparingInt(DataServer::tenants).thenComparing(DataServer::name))
                        .orElseThrow(() -> new DataTierRefusal("No " + kind.wireName() + " server accepts new instances: add one "
                                + "(POST /api/v1/data-servers), raise a full one's capacity or set a draining one accepting"));
                String user = kind == DataKind.STORAGE ? null : DataNames.user(instanceId);
                placements.add(new DataPlacement(kind, server.id(), DataNames.databases(instanceId, kind, needs.get(kind)), user, null));
            }
            Instant now = clock.instant();
            InstanceData data = new InstanceData(instanceId, placements, InstanceData.State.PROVISIONING, now, now, 1);
            try {
                if (dataSets.place(data, entry(instanceId, "data.place", "system", null, 1L, "placed its data on " + serverNames(data)))) {
                    return data;
                }
                return dataSets.find(instanceId).orElseThrow(() -> new IllegalStateException("A data set placed by another launch is gone"));
            } catch (BerthException e) {
                if (!"data_server_full".equals(e.code()) || attempt == PLACE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void ensure(String instanceId, DataPlacement placement, String user) {
        DataServer server = servers.get(placement.serverId());
        String password = user == null ? null : secrets.putIfAbsent(DataPlacement.passwordSecret(instanceId, placement.kind(), user), Ids.random(32));
        admins.apply(placement.kind()).ensure(server, adminPassword(server), placement, password);
    }

    private void undo(InstanceData data, String reason) {
        for (DataPlacement p : data.placements()) {
            servers.find(p.serverId()).ifPresent(server -> {
                try {
                    admins.apply(p.kind()).drop(server, adminPassword(server), p);
                } catch (RuntimeException unreachable) {
                    // the server that failed; nothing was made on it
                }
            });
        }
        forgetPasswords(data.instanceId());
        dataSets.release(data, entry(data.instanceId(), "data.release", "system", data.version(), null, reason));
    }

    private void forgetPasswords(String instanceId) {
        for (String name : secrets.names("instances/" + instanceId + "/data/")) {
            secrets.delete(name);
        }
    }

    private String adminPassword(DataServer server) {
        return secrets.get(server.adminPasswordSecret()).orElseThrow(() -> new DataTierRefusal("The admin password of data server "
                + server.name() + " is missing from the secret store; set it again (PATCH /api/v1/data-servers/" + server.id() + ")"));
    }

    private String serverNames(InstanceData data) {
        List<String> names = new ArrayList<>();
        for (DataPlacement p : data.placements()) {
            names.add(p.kind().wireName() + " " + servers.find(p.serverId()).map(DataServer::name).orElse(p.serverId()));
        }
        return String.join(", ", names);
    }

    private AuditEntry entry(String instanceId, String action, String actor, Long before, Long after, String summary) {
        return new AuditEntry(instanceId, "instance", action, actor, clock.instant(), before, after, summary);
    }
}
