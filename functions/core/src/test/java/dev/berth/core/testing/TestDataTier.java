package dev.berth.core.testing;

import dev.berth.core.auth.Principal;
import dev.berth.core.data.backup.DatabaseOwners;
import dev.berth.core.data.DataKind;
import dev.berth.core.data.DataPlacement;
import dev.berth.core.data.DataServer;
import dev.berth.core.data.DataServerDraft;
import dev.berth.core.data.DataServerFailure;
import dev.berth.core.data.DataTier;
import dev.berth.core.data.DataTierConfig;
import dev.berth.core.data.StorageAdmin;
import dev.berth.core.port.DataServerAdmin;
import dev.berth.core.port.SecretStore;
import dev.berth.core.port.Workflows;
import dev.berth.core.repository.Repositories;
import dev.berth.core.testing.memory.InMemoryObjectStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A data tier for tests of the use cases: in-memory repositories and storage, and database
 * servers simulated by {@link SimulatedServers} (what exists on each, calls recorded, a server
 * can be made to refuse connections). Real servers are exercised by functions/data's tests.
 */
public final class TestDataTier {
    public static final Principal ADMIN = Principal.system("admin");

    private TestDataTier() {
    }

    /** What the simulated servers hold: databases and users by server id, and every call. */
    public static final class SimulatedServers implements java.util.function.Function<DataKind, DataServerAdmin> {
        public final Map<String, Set<String>> databases = new ConcurrentHashMap<>();
        public final Map<String, Map<String, String>> users = new ConcurrentHashMap<>();
        public final Map<String, Map<String, String>> contents = new ConcurrentHashMap<>();
        public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        public final Set<String> refusing = ConcurrentHashMap.newKeySet();
        private final InMemoryObjectStorage buckets = new InMemoryObjectStorage();
        private final StorageAdmin storage = new StorageAdmin(server -> buckets);

        public InMemoryObjectStorage buckets() {
            return buckets;
        }

        @Override
        public DataServerAdmin apply(DataKind kind) {
            if (kind == DataKind.STORAGE) {
                return storage;
            }
            return new DataServerAdmin() {
                @Override
                public void ensure(DataServer server, String adminPassword, DataPlacement p, String password) {
                    reach(server, "ensure " + p.user());
                    databases.computeIfAbsent(server.id(), id -> ConcurrentHashMap.newKeySet()).addAll(p.databases());
                    users.computeIfAbsent(server.id(), id -> new ConcurrentHashMap<>()).put(p.user(), password);
                }

                @Override
                public void dropUser(DataServer server, String adminPassword, DataPlacement p, String user) {
                    reach(server, "dropUser " + user);
                    users.getOrDefault(server.id(), new ConcurrentHashMap<>()).remove(user);
                }

                @Override
                public void drop(DataServer server, String adminPassword, DataPlacement p) {
                    reach(server, "drop " + p.user());
                    databases.getOrDefault(server.id(), new HashSet<>()).removeAll(p.databases());
                    users.getOrDefault(server.id(), new ConcurrentHashMap<>()).remove(p.user());
                    p.databases().forEach(d -> contents.getOrDefault(server.id(), new ConcurrentHashMap<>()).remove(d));
                }

                @Override
                public void dump(DataServer server, String adminPassword, DataPlacement p, OutputStream out) {
                    reach(server, "dump " + p.user());
                    try {
                        for (String database : p.databases()) {
                            String content = contents.getOrDefault(server.id(), Map.of()).getOrDefault(database, "");
                            out.write((database + "=" + content + "\n").getBytes(StandardCharsets.UTF_8));
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void restore(DataServer server, String adminPassword, DataPlacement p, InputStream in) {
                    reach(server, "restore " + p.user());
                    try {
                        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                            String[] parts = line.split("=", 2);
                            contents.computeIfAbsent(server.id(), id -> new ConcurrentHashMap<>()).put(parts[0], parts[1]);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                private void reach(DataServer server, String call) {
                    calls.add(server.name() + ": " + call);
                    if (refusing.contains(server.name())) {
                        throw new DataServerFailure(server, "refused the connection", null);
                    }
                }
            };
        }
    }

    public static DataTier create(Repositories repositories, Workflows workflows, SecretStore secrets, SimulatedServers servers,
                                  InMemoryObjectStorage backups, String needs) {
        return create(repositories, workflows, secrets, servers, backups, needs, DatabaseOwners.NONE);
    }

    public static DataTier create(Repositories repositories, Workflows workflows, SecretStore secrets, SimulatedServers servers,
                                  InMemoryObjectStorage backups, String needs, DatabaseOwners owners) {
        return new DataTier(new DataTierConfig(needs == null ? DataTierConfig.fromEnvironment(Map.of()).needs()
                : DataTierConfig.fromEnvironment(Map.of("BERTH_DATA_NEEDS", needs)).needs(), 3),
                repositories, workflows, new DataTier.Ports(() -> secrets, servers, () -> backups, owners), Clock.systemUTC());
    }

    /** Registers a server of a kind (capacity 10, accepting) and returns it. */
    public static DataServer server(DataTier tier, String name, DataKind kind) {
        return tier.servers().create(ADMIN, () -> new DataServerDraft(name, kind, name + ".internal", null, null, "admin",
                kind == DataKind.STORAGE ? "berth-media" : null, 10, null, "admin-password-" + name));
    }
}
