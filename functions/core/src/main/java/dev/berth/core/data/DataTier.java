package dev.berth.core.data;

import dev.berth.core.Suppliers;
import dev.berth.core.data.backup.BackupService;
import dev.berth.core.data.backup.DatabaseOwners;
import dev.berth.core.port.DataServerAdmin;
import dev.berth.core.port.ObjectStorage;
import dev.berth.core.port.SecretStore;
import dev.berth.core.port.Workflows;
import dev.berth.core.repository.Repositories;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The data tier's use cases, built from their ports with plain constructors. The secret store and
 * the backup storage are suppliers: a function builds their clients only when a request needs them.
 */
public final class DataTier {

    /**
     * The ports of the data tier that are not repositories. {@code admins} reach the servers (steps only);
     * {@code owners} find the databases of owners that are servers of their own (postgresql services).
     */
    public record Ports(Supplier<SecretStore> secrets, Function<DataKind, DataServerAdmin> admins, Supplier<ObjectStorage> backupStorage,
                        DatabaseOwners owners) {
    }

    /** For functions that never reach a database server: asking is a wiring mistake. */
    public static final Function<DataKind, DataServerAdmin> NO_ADMINS = kind -> {
        throw new IllegalStateException("This function does not reach database servers (only the data steps do)");
    };

    private final DataServerService servers;
    private final DataProvisioning provisioning;
    private final BackupService backups;

    public DataTier(DataTierConfig config, Repositories repositories, Workflows workflows, Ports ports, Clock clock) {
        SecretStore secrets = lazy(Suppliers.once(ports.secrets()));
        ObjectStorage storage = lazyStorage(Suppliers.once(ports.backupStorage()));
        this.servers = new DataServerService(repositories.dataServers(), repositories.dataSets(), secrets, clock);
        this.provisioning = new DataProvisioning(repositories.instances(), repositories.dataServers(), repositories.dataSets(), secrets,
                ports.admins(), config, clock);
        this.backups = new BackupService(repositories.instances(), repositories.dataSets(), repositories.dataServers(), repositories.backups(),
                secrets, ports.admins(), storage, workflows, ports.owners(), clock);
    }

    public DataServerService servers() {
        return servers;
    }

    public DataProvisioning provisioning() {
        return provisioning;
    }

    public BackupService backups() {
        return backups;
    }

    private static SecretStore lazy(Supplier<SecretStore> supplier) {
        return new SecretStore() {
            @Override
            public java.util.Optional<String> get(String name) {
                return supplier.get().get(name);
            }

            @Override
            public void put(String name, String value) {
                supplier.get().put(name, value);
            }

            @Override
            public String putIfAbsent(String name, String value) {
                return supplier.get().putIfAbsent(name, value);
            }

            @Override
            public void delete(String name) {
                supplier.get().delete(name);
            }

            @Override
            public java.util.List<String> names(String prefix) {
                return supplier.get().names(prefix);
            }
        };
    }

    private static ObjectStorage lazyStorage(Supplier<ObjectStorage> supplier) {
        return new ObjectStorage() {
            @Override
            public void put(String key, java.io.InputStream content, long length) {
                supplier.get().put(key, content, length);
            }

            @Override
            public java.util.Optional<java.io.InputStream> get(String key) {
                return supplier.get().get(key);
            }

            @Override
            public java.util.List<StoredObject> list(String prefix) {
                return supplier.get().list(prefix);
            }

            @Override
            public void deleteAll(String prefix) {
                supplier.get().deleteAll(prefix);
            }
        };
    }
}
