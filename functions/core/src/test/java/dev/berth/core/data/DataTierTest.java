package dev.berth.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.BerthCore;
import dev.berth.core.auth.Principal;
import dev.berth.core.data.backup.Backup;
import dev.berth.core.domain.Instance;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.Repositories;
import dev.berth.core.testing.RecordingWorkflows;
import dev.berth.core.testing.TestCore;
import dev.berth.core.testing.TestDataTier;
import dev.berth.core.testing.memory.InMemoryObjectStorage;
import dev.berth.core.testing.memory.InMemorySecretStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The data tier's use cases on simulated servers: placement, idempotence, failure clean-up, rotation, drop, backups. */
class DataTierTest {
    private static final Principal MANAGER = Principal.system("manager");
    private final RecordingWorkflows workflows = new RecordingWorkflows();
    private final InMemorySecretStore secrets = new InMemorySecretStore();
    private final TestDataTier.SimulatedServers simulated = new TestDataTier.SimulatedServers();
    private final InMemoryObjectStorage backupStorage = new InMemoryObjectStorage();
    private Repositories repositories;
    private BerthCore core;
    private DataTier tier;

    @BeforeEach
    void setUp() {
        repositories = TestCore.repositories();
        core = TestCore.create(repositories, workflows);
        tier = TestDataTier.create(repositories, workflows, secrets, simulated, backupStorage, "mysql:openedx+xqueue,mongodb:modulestore,storage");
    }

    private String instance(String subDomain) {
        Instance created = core.instances().create(MANAGER, TestCore.settings("Site " + subDomain, subDomain));
        return created.id();
    }

    private void servers(String... names) {
        for (String name : names) {
            TestDataTier.server(tier, name, DataKind.fromWire(name.replaceAll("-.*", "")).orElseThrow());
        }
    }

    @Test
    void aFirstLaunchPlacesOnTheLeastUsedServerAndLaterLaunchesReuseIt() {
        servers("mysql-a", "mysql-b", "mongodb-a", "storage-a");
        String first = instance("one");
        InstanceData data = tier.provisioning().provision(first);
        assertEquals(InstanceData.State.READY, data.state());
        assertEquals(3, data.placements().size());
        String mysqlServer = data.placement(DataKind.MYSQL).orElseThrow().serverId();
        InstanceData again = tier.provisioning().provision(first);
        assertEquals(data.placements(), again.placements(), "a second launch reuses the same data");
        String second = instance("two");
        String otherServer = tier.provisioning().provision(second).placement(DataKind.MYSQL).orElseThrow().serverId();
        assertNotEquals(mysqlServer, otherServer, "the less used server takes the next instance");
        assertEquals(1, repositories.dataServers().get(mysqlServer).tenants());
        DataConnectionsAssertions.passwordsAreDistinctAndStored(tier, secrets, first);
        assertTrue(simulated.databases.get(mysqlServer).containsAll(data.placement(DataKind.MYSQL).orElseThrow().databases()));
    }

    @Test
    void concurrentFirstLaunchesPlaceTheDataOnce() throws Exception {
        servers("mysql-a", "mysql-b", "mongodb-a", "storage-a");
        String id = instance("race");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<InstanceData>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit((Callable<InstanceData>) () -> tier.provisioning().provision(id)));
        }
        Set<List<DataPlacement>> placements = new HashSet<>();
        for (Future<InstanceData> result : results) {
            placements.add(result.get().placements());
        }
        pool.shutdown();
        assertEquals(1, placements.size(), "every launch saw the same placement");
        int tenants = repositories.dataServers().all(DataKind.MYSQL).stream().mapToInt(DataServer::tenants).sum();
        assertEquals(1, tenants, "one tenancy taken, not eight");
    }

    @Test
    void noAcceptingServerFailsFastWithTheReasonAndPlacesNothing() {
        servers("mysql-a", "storage-a");
        DataServer mongo = TestDataTier.server(tier, "mongodb-a", DataKind.MONGODB);
        tier.servers().change(TestDataTier.ADMIN, mongo.id(), null, d -> new DataServerDraft(d.name(), d.kind(), d.host(), d.port(),
                d.adminPort(), d.adminUser(), d.bucket(), d.capacity(), DataServer.State.DRAINING, null));
        String id = instance("nomongo");
        DataTierRefusal refusal = assertThrows(DataTierRefusal.class, () -> tier.provisioning().provision(id));
        assertTrue(refusal.getMessage().contains("No mongodb server accepts new instances"), refusal.getMessage());
        assertTrue(repositories.dataSets().find(id).isEmpty());
        assertTrue(simulated.calls.isEmpty(), "no server was touched");
    }

    @Test
    void aServerThatRefusesLeavesNothingHalfCreated() {
        servers("mysql-a", "mongodb-a", "storage-a");
        simulated.refusing.add("mongodb-a");
        String id = instance("half");
        DataServerFailure failure = assertThrows(DataServerFailure.class, () -> tier.provisioning().provision(id));
        assertTrue(failure.getMessage().contains("mongodb server 'mongodb-a' (mongodb-a.internal:27017) refused the connection"),
                failure.getMessage());
        assertTrue(repositories.dataSets().find(id).isEmpty(), "the placement was given back");
        assertTrue(simulated.databases.values().stream().allMatch(Set::isEmpty), "the MySQL databases made first were dropped");
        assertEquals(0, repositories.dataServers().all(DataKind.MYSQL).get(0).tenants());
        assertTrue(secrets.names("instances/" + id + "/data/").isEmpty(), "no password left behind");
        simulated.refusing.clear();
        assertEquals(InstanceData.State.READY, tier.provisioning().provision(id).state(), "a later launch starts clean");
    }

    @Test
    void rotationMakesNewUsersAndDropsTheOldOnesAfterTheNextDeploy() {
        servers("mysql-a", "mongodb-a", "storage-a");
        String id = instance("rotate");
        InstanceData before = tier.provisioning().provision(id);
        String oldUser = before.placement(DataKind.MYSQL).orElseThrow().user();
        InstanceData rotating = tier.provisioning().rotate(TestDataTier.ADMIN, id);
        String newUser = rotating.placement(DataKind.MYSQL).orElseThrow().user();
        assertNotEquals(oldUser, newUser);
        BerthException twice = assertThrows(BerthException.class, () -> tier.provisioning().rotate(TestDataTier.ADMIN, id));
        assertEquals("rotation_in_progress", twice.code());
        tier.provisioning().provision(id); // the next launch creates the new users
        String mysql = rotating.placement(DataKind.MYSQL).orElseThrow().serverId();
        assertTrue(simulated.users.get(mysql).containsKey(oldUser) && simulated.users.get(mysql).containsKey(newUser), "both work meanwhile");
        assertEquals(newUser, tier.provisioning().connections(id).orElseThrow().of(DataKind.MYSQL).orElseThrow().username(), "deploys use the new one");
        tier.provisioning().finishRotation(id);
        assertFalse(simulated.users.get(mysql).containsKey(oldUser), "the old user is revoked");
        assertFalse(repositories.dataSets().find(id).orElseThrow().rotating());
        assertTrue(secrets.get(DataPlacement.passwordSecret(id, DataKind.MYSQL, oldUser)).isEmpty());
        Principal manager = new Principal("m", "manager", dev.berth.core.auth.Role.MANAGER);
        BerthException forbidden = assertThrows(BerthException.class, () -> tier.provisioning().rotate(manager, id));
        assertEquals(BerthException.Kind.FORBIDDEN, forbidden.kind());
    }

    @Test
    void dropRemovesEverythingAndFreesTheServer() {
        servers("mysql-a", "mongodb-a", "storage-a");
        String id = instance("gone");
        InstanceData data = tier.provisioning().provision(id);
        DataServer mysql = repositories.dataServers().get(data.placement(DataKind.MYSQL).orElseThrow().serverId());
        BerthException inUse = assertThrows(BerthException.class, () -> tier.servers().delete(TestDataTier.ADMIN, mysql.id(), null));
        assertEquals("data_server_in_use", inUse.code());
        assertEquals(List.of(id), inUse.details().get("instances"));
        assertFalse(simulated.buckets().list("instances/").isEmpty(), "the storage prefix was marked");
        tier.provisioning().drop(id);
        tier.provisioning().drop(id); // idempotent
        assertTrue(repositories.dataSets().find(id).isEmpty());
        assertTrue(simulated.databases.get(mysql.id()).isEmpty());
        assertTrue(simulated.buckets().list("instances/").isEmpty(), "the storage prefix is empty");
        assertTrue(secrets.names("instances/" + id + "/").isEmpty());
        tier.servers().delete(TestDataTier.ADMIN, mysql.id(), null);
        assertTrue(secrets.get(mysql.adminPasswordSecret()).isEmpty(), "its admin password went with it");
    }

    @Test
    void aBackupRestoresTheFirstDataAndRefusesAFileThatChanged() {
        servers("mysql-a", "mongodb-a", "storage-a");
        String id = instance("backup");
        InstanceData data = tier.provisioning().provision(id);
        String mysql = data.placement(DataKind.MYSQL).orElseThrow().serverId();
        String openedx = data.placement(DataKind.MYSQL).orElseThrow().databases().get(0);
        simulated.contents.computeIfAbsent(mysql, k -> new java.util.concurrent.ConcurrentHashMap<>()).put(openedx, "first");
        Backup pending = tier.backups().start(MANAGER, id, "manual");
        assertTrue(workflows.started.stream().anyMatch(s -> s.stateMachine().equals("BackupInstance") && s.executionName().equals(pending.id())));
        Backup done = tier.backups().runBackup(id, pending.id());
        assertEquals(Backup.State.COMPLETE, done.state(), String.valueOf(done.failureReason()));
        assertEquals(3, done.files().size(), "mysql, mongodb and the storage listing");
        assertTrue(done.sizeBytes() > 0 && done.durationMillis() >= 0);
        assertTrue(backupStorage.list(done.prefix()).stream().anyMatch(o -> o.key().endsWith("manifest.json")));
        simulated.contents.get(mysql).put(openedx, "second");
        Long version = repositories.instances().get(id).version();
        tier.backups().restore(MANAGER, id, done.id(), version);
        Backup restored = tier.backups().runRestore(id, done.id());
        assertEquals("complete", restored.lastRestore().state(), String.valueOf(restored.lastRestore().failureReason()));
        assertEquals("first", simulated.contents.get(mysql).get(openedx), "the first data is back");

        simulated.contents.get(mysql).put(openedx, "third");
        String key = done.files().get(0).key();
        backupStorage.overwrite(key, new byte[] {1, 2, 3});
        tier.backups().restore(MANAGER, id, done.id(), null);
        Backup refused = tier.backups().runRestore(id, done.id());
        assertEquals("failed", refused.lastRestore().state());
        assertTrue(refused.lastRestore().failureReason().contains("does not match its checksum"), refused.lastRestore().failureReason());
        assertEquals("third", simulated.contents.get(mysql).get(openedx), "nothing was restored from a changed file");
    }

    @Test
    void ephemeralInstancesHaveNothingToBackUpAndScheduledBackupsArePruned() {
        servers("mysql-a", "mongodb-a", "storage-a");
        String id = instance("prune");
        assertEquals("no_persistent_data", assertThrows(BerthException.class, () -> tier.backups().start(MANAGER, id, "manual")).code());
        tier.provisioning().provision(id);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Backup b = tier.backups().start(Principal.system("scheduler"), id, "scheduled");
            tier.backups().runBackup(id, b.id());
            made.add(b.id());
        }
        Backup manual = tier.backups().start(MANAGER, id, "manual");
        tier.backups().runBackup(id, manual.id());
        assertEquals(2, tier.backups().prune(id, 3));
        List<String> left = repositories.backups().list(id, 50, null).items().stream().map(Backup::id).toList();
        assertEquals(List.of(manual.id(), made.get(4), made.get(3), made.get(2)), left, "the newest three scheduled and the manual one");
        assertTrue(backupStorage.list(Backup.prefix(id, made.get(0))).isEmpty(), "pruned files are gone");
    }

    @Test
    void noPasswordReachesTheAuditLog() {
        servers("mysql-a", "mongodb-a", "storage-a");
        String id = instance("audit");
        tier.provisioning().provision(id);
        tier.provisioning().rotate(TestDataTier.ADMIN, id);
        List<String> values = new ArrayList<>(secrets.values());
        assertTrue(values.size() >= 4);
        for (var entry : repositories.audit().list(id, 100, null).items()) {
            for (String value : values) {
                assertFalse(entry.toString().contains(value), "a secret in " + entry);
            }
        }
        for (DataServer server : repositories.dataServers().list(null, 50, null).items()) {
            for (var entry : repositories.audit().list(server.id(), 10, null).items()) {
                assertFalse(entry.toString().contains("admin-password-"), "an admin password in " + entry);
            }
        }
    }

    @Test
    void theDailyJobBacksUpProductionInstancesOnceADayAndPrunes() {
        servers("mysql-a", "mongodb-a", "storage-a");
        String production = instance("prod");
        tier.provisioning().provision(production);
        String ephemeral = instance("scratch");
        var job = new dev.berth.core.jobs.BackupInstancesJob(core.fleet(), repositories.dataSets(), repositories.backups(), tier.backups(), 2,
                java.time.Duration.ofHours(20), java.time.Clock.systemUTC());
        var first = job.run();
        assertEquals(List.of(), first.problems());
        assertEquals(1, repositories.backups().list(production, 10, null).items().size(), first.toString());
        assertTrue(repositories.backups().list(ephemeral, 10, null).items().isEmpty(), "nothing to back up without a data set");
        Backup started = repositories.backups().list(production, 10, null).items().get(0);
        assertEquals("scheduled", started.trigger());
        assertTrue(workflows.started.stream().anyMatch(w -> w.executionName().equals(started.id())));
        job.run();
        assertEquals(1, repositories.backups().list(production, 10, null).items().size(), "a second run the same day adds nothing");
    }
}
