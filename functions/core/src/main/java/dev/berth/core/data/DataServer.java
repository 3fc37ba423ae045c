package dev.berth.core.data;

import java.time.Instant;
import java.util.Locale;

/**
 * A shared server of the data tier that instances' databases are placed on. Its admin password
 * lives in the secret store under {@link #adminPasswordSecret()}, never in this record.
 *
 * @param adminPort the RabbitMQ management API's port (0 for other kinds)
 * @param bucket    the bucket instances get prefixes in (storage only)
 * @param tenants   how many instances have data on it; at most {@code capacity}
 */
public record DataServer(
        String id,
        String name,
        DataKind kind,
        String host,
        int port,
        int adminPort,
        String adminUser,
        String bucket,
        int capacity,
        State state,
        int tenants,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public enum State {
        ACCEPTING, DRAINING;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static java.util.Optional<State> fromWire(String value) {
            for (State state : values()) {
                if (state.wireName().equals(value)) {
                    return java.util.Optional.of(state);
                }
            }
            return java.util.Optional.empty();
        }
    }

    public static String adminPasswordSecret(String serverId) {
        return "data-servers/" + serverId + "/admin-password";
    }

    public String adminPasswordSecret() {
        return adminPasswordSecret(id);
    }

    public boolean hasRoom() {
        return state == State.ACCEPTING && tenants < capacity;
    }

    public String address() {
        return host + ":" + port;
    }

    public DataServer withTenants(int count) {
        return new DataServer(id, name, kind, host, port, adminPort, adminUser, bucket, capacity, state, count, createdAt, updatedAt, version);
    }

    public DataServer withVersion(long newVersion, Instant now) {
        return new DataServer(id, name, kind, host, port, adminPort, adminUser, bucket, capacity, state, tenants, createdAt, now, newVersion);
    }
}
