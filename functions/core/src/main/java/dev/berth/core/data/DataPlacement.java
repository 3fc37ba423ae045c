package dev.berth.core.data;

import java.util.List;

/**
 * Where one kind of an instance's data lives: the server, the databases (or vhost, or storage
 * prefix) made for the instance there, and the user that owns them. During a credentials
 * rotation {@code retiringUser} still works until the next successful deploy.
 */
public record DataPlacement(DataKind kind, String serverId, List<String> databases, String user, String retiringUser) {

    public DataPlacement {
        databases = List.copyOf(databases);
    }

    /** The secret-store name of a user's password. */
    public static String passwordSecret(String instanceId, DataKind kind, String user) {
        return "instances/" + instanceId + "/data/" + kind.wireName() + "/" + user;
    }

    public String passwordSecret(String instanceId) {
        return passwordSecret(instanceId, kind, user);
    }

    public DataPlacement rotatedTo(String newUser) {
        return new DataPlacement(kind, serverId, databases, newUser, user);
    }

    public DataPlacement retired() {
        return new DataPlacement(kind, serverId, databases, user, null);
    }
}
