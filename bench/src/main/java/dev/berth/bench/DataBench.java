package dev.berth.bench;

import dev.berth.core.BerthCore;
import dev.berth.core.data.backup.DatabaseOwners;
import dev.berth.core.auth.Principal;
import dev.berth.core.data.DataKind;
import dev.berth.core.data.DataServerDraft;
import dev.berth.core.data.DataTier;
import dev.berth.core.data.DataTierConfig;
import dev.berth.core.data.InstanceData;
import dev.berth.core.data.backup.Backup;
import dev.berth.core.repository.Repositories;
import dev.berth.core.testing.RecordingWorkflows;
import dev.berth.core.testing.TestCore;
import dev.berth.core.testing.memory.InMemorySecretStore;
import dev.berth.data.DataAdmins;
import dev.berth.local.storage.FolderObjectStorage;
import dev.berth.localdata.Kind;
import dev.berth.localdata.LocalDataServers;
import dev.berth.localdata.RunningServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Issue 11's benchmark: the time to provision an instance's full data set on real servers
 * (MariaDB, PostgreSQL, RabbitMQ from Debian's packages, the in-JVM MongoDB, a folder as storage),
 * and to back up and restore 100 MB of MySQL data. Prints figures; asserts nothing.
 */
public final class DataBench {
    private DataBench() {
    }

    public static void main(String[] args) throws Exception {
        int instances = Integer.parseInt(System.getProperty("bench.instances", "10"));
        int megabytes = Integer.parseInt(System.getProperty("bench.megabytes", "100"));
        Path folder = Files.createTempDirectory("berth-data-bench");
        try (LocalDataServers servers = LocalDataServers.start(folder.resolve("servers"), EnumSet.allOf(Kind.class), line -> { })) {
            if (!servers.unavailable().isEmpty()) {
                System.out.println("unavailable: " + servers.unavailable());
                return;
            }
            Repositories repositories = TestCore.repositories();
            BerthCore core = TestCore.create(repositories, new RecordingWorkflows());
            FolderObjectStorage backups = new FolderObjectStorage(folder.resolve("backups"));
            DataTier tier = new DataTier(new DataTierConfig(DataTierConfig.fromEnvironment(Map.of("BERTH_DATA_NEEDS",
                    "mysql:openedx+xqueue+notes+discovery+ecommerce,postgresql:analytics,mongodb:modulestore+forum,rabbitmq,storage")).needs(), 3),
                    repositories, core.workflows(), new DataTier.Ports(InMemorySecretStore::new,
                    DataAdmins.create(server -> new FolderObjectStorage(folder.resolve("buckets").resolve(server.bucket()))), () -> backups, DatabaseOwners.NONE),
                    Clock.systemUTC());
            register(tier, servers.available());

            List<Double> provision = new ArrayList<>();
            List<Double> again = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                String id = core.instances().create(Principal.system("bench"), TestCore.settings("Bench " + i, "bench" + i)).id();
                ids.add(id);
                long start = System.nanoTime();
                tier.provisioning().provision(id);
                provision.add((System.nanoTime() - start) / 1e6);
                start = System.nanoTime();
                tier.provisioning().provision(id);
                again.add((System.nanoTime() - start) / 1e6);
            }
            System.out.printf("Provision a full data set (5 MySQL databases, 1 PostgreSQL, 2 MongoDB, a vhost, a prefix), %d instances:%n", instances);
            System.out.printf("  first launch   p50 %7.1f ms   max %7.1f ms%n", percentile(provision, 50), Collections.max(provision));
            System.out.printf("  later launches p50 %7.1f ms   max %7.1f ms   (idempotent re-run)%n", percentile(again, 50), Collections.max(again));

            String id = ids.get(0);
            InstanceData data = repositories.dataSets().find(id).orElseThrow();
            String database = data.placement(DataKind.MYSQL).orElseThrow().databases().get(0);
            RunningServer mysql = servers.available().get(Kind.MYSQL);
            long filled = fill(mysql, database, megabytes);
            long start = System.nanoTime();
            Backup pending = tier.backups().start(Principal.system("bench"), id, "manual");
            Backup done = tier.backups().runBackup(id, pending.id());
            double backupMs = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            tier.backups().restore(Principal.system("bench"), id, done.id(), null);
            Backup restored = tier.backups().runRestore(id, done.id());
            double restoreMs = (System.nanoTime() - start) / 1e6;
            System.out.printf("%nBack up and restore %d MB of MySQL rows (random, so gzip keeps them large) plus the rest of the data set:%n", filled >> 20);
            System.out.printf("  backup   %s  %8.0f ms  %6.1f MB/s  stored %d MB in %d files%n", done.state().wireName(), backupMs,
                    filled / 1048576.0 / (backupMs / 1000), done.sizeBytes() >> 20, done.files().size());
            System.out.printf("  restore  %s  %8.0f ms  %6.1f MB/s (checksums verified first)%n", restored.lastRestore().state(), restoreMs,
                    filled / 1048576.0 / (restoreMs / 1000));
            for (String each : ids) {
                tier.provisioning().drop(each);
            }
        } finally {
            try (var paths = Files.walk(folder)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void register(DataTier tier, Map<Kind, RunningServer> running) {
        Principal admin = Principal.system("bench");
        running.forEach((kind, server) -> tier.servers().create(admin, () -> new DataServerDraft("bench-" + kind.directoryName(),
                DataKind.valueOf(kind.name()), server.host(), server.port(), kind == Kind.RABBITMQ ? server.adminPort() : null,
                server.adminUser().isEmpty() ? "none" : server.adminUser(), null, 1000, null, server.adminPassword())));
        tier.servers().create(admin, () -> new DataServerDraft("bench-storage", DataKind.STORAGE, "localhost", 443, null, "none",
                "berth-media", 1000, null, "unused"));
    }

    /** Rows of random text until {@code megabytes}; returns the bytes written. */
    private static long fill(RunningServer mysql, String database, int megabytes) throws Exception {
        SecureRandom random = new SecureRandom();
        byte[] row = new byte[512];
        long written = 0;
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + mysql.host() + ":" + mysql.port() + "/" + database
                + "?rewriteBatchedStatements=true", mysql.adminUser(), mysql.adminPassword()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bench (id INT PRIMARY KEY, payload TEXT)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO bench VALUES (?, ?)")) {
                for (int id = 0; written < (long) megabytes << 20; id++) {
                    random.nextBytes(row);
                    String payload = HexFormat.of().formatHex(row);
                    insert.setInt(1, id);
                    insert.setString(2, payload);
                    insert.addBatch();
                    written += payload.length();
                    if (id % 1000 == 999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
        }
        return written;
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }
}
