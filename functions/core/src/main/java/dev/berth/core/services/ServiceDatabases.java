package dev.berth.core.services;

import dev.berth.core.data.DataKind;
import dev.berth.core.data.DataPlacement;
import dev.berth.core.data.DataServer;
import dev.berth.core.data.DataTierRefusal;
import dev.berth.core.data.backup.DatabaseOwners;
import dev.berth.core.nodes.Node;
import dev.berth.core.port.SecretStore;
import dev.berth.core.repository.Nodes;
import dev.berth.core.repository.Services;
import java.util.List;
import java.util.function.Supplier;

/**
 * A postgresql service's colours as copies of its database, for the data tier's dumps and
 * restores: each colour is a database server on its node's private address, administered with
 * the service's {@code POSTGRES_USER} (default {@code postgres}) and its {@code POSTGRES_PASSWORD}
 * secret, holding the database {@code POSTGRES_DB} (default: the user's name), as the official
 * image sets them up.
 */
public final class ServiceDatabases implements DatabaseOwners {
    public static final String PASSWORD = "POSTGRES_PASSWORD";
    private static final String PREFIX = "svc:";

    private final Services services;
    private final Nodes nodes;
    private final Supplier<SecretStore> secrets;

    public ServiceDatabases(Services services, Nodes nodes, Supplier<SecretStore> secrets) {
        this.services = services;
        this.nodes = nodes;
        this.secrets = secrets;
    }

    /** The owner of a service's backups: the service's audit subject, so they read in its history. */
    public static String owner(String service) {
        return PREFIX + service;
    }

    public static String adminUser(Service service) {
        return service.env().getOrDefault("POSTGRES_USER", "postgres");
    }

    public static String database(Service service) {
        return service.env().getOrDefault("POSTGRES_DB", adminUser(service));
    }

    @Override
    public Access access(String owner, String colour) {
        if (!owner.startsWith(PREFIX)) {
            throw new DataTierRefusal(owner + " is not a service");
        }
        String name = owner.substring(PREFIX.length());
        Service service = services.find(name).orElseThrow(() -> new DataTierRefusal("Service " + name + " no longer exists"));
        if (service.kind() != Service.Kind.POSTGRESQL) {
            throw new DataTierRefusal("Service " + name + " is not a postgresql service");
        }
        Service.ColourState state = service.colour(colour).filter(s -> s.status().equals("running")).orElseThrow(() ->
                new DataTierRefusal("The " + colour + " colour of " + name + " is not running"));
        Node node = nodes.find(state.nodeId()).filter(Node::ready).orElseThrow(() ->
                new DataTierRefusal("The node of " + colour + " of " + name + " is not ready"));
        String password = secrets.get().get(Service.secretName(name, PASSWORD)).orElseThrow(() ->
                new DataTierRefusal("Service " + name + " has no " + PASSWORD + " secret"));
        String user = adminUser(service);
        DataServer server = new DataServer(owner + ":" + colour, name + " (" + colour + ")", DataKind.POSTGRESQL, node.vm().ipv4(),
                service.publishedPort(state), 0, user, null, 0, DataServer.State.DRAINING, 0, service.createdAt(), service.updatedAt(),
                service.version());
        return new Access(server, password, new DataPlacement(DataKind.POSTGRESQL, server.id(), List.of(database(service)), user, null));
    }

    @Override
    public String subjectType() {
        return "service";
    }
}
