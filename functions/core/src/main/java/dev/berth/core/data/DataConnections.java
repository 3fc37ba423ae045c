package dev.berth.core.data;

import java.util.Map;
import java.util.Optional;

/**
 * How an instance's app server reaches its persistent data: per kind, the server, the databases
 * by role (e.g. {@code openedx}, {@code forum}) and the credentials. It goes to the VM only inside
 * a 0600 file; {@link Connection#toString} leaves the password out.
 */
public record DataConnections(Map<DataKind, Connection> byKind) {

    public DataConnections {
        byKind = Map.copyOf(byKind);
    }

    /** @param bucket storage only */
    public record Connection(String host, int port, Map<String, String> databases, String username, String password, String bucket) {
        public Connection {
            databases = Map.copyOf(databases);
        }

        @Override
        public String toString() {
            return "Connection[" + username + "@" + host + ":" + port + " " + databases.values() + "]";
        }
    }

    public Optional<Connection> of(DataKind kind) {
        return Optional.ofNullable(byKind.get(kind));
    }
}
