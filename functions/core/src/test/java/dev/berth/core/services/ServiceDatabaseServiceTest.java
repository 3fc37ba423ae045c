package dev.berth.core.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.auth.Principal;
import dev.berth.core.data.DataTier;
import dev.berth.core.data.backup.Backup;
import dev.berth.core.domain.AppServer;
import dev.berth.core.error.BerthException;
import dev.berth.core.nodes.Node;
import dev.berth.core.repository.Repositories;
import dev.berth.core.testing.RecordingWorkflows;
import dev.berth.core.testing.TestCore;
import dev.berth.core.testing.TestDataTier;
import dev.berth.core.testing.memory.InMemoryObjectStorage;
import dev.berth.core.testing.memory.InMemorySecretStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A postgresql service's dumps and restores through the data tier's backups, on simulated servers. */
class ServiceDatabaseServiceTest {
    private static final Principal MANAGER = Principal.system("manager");
    private static final Instant NOW = Instant.parse("2026-11-29T18:04:05Z");
    private final RecordingWorkflows workflows = new RecordingWorkflows();
    private final InMemorySecretStore secrets = new InMemorySecretStore();
    private final TestDataTier.SimulatedServers simulated = new TestDataTier.SimulatedServers();
    private final InMemoryObjectStorage storage = new InMemoryObjectStorage();
    private Repositories repositories;
    private DataTier tier;
    private ServiceDatabaseService databases;

    @BeforeEach
    void setUp() {
        repositories = TestCore.repositories();
        tier = TestDataTier.create(repositories, workflows, secrets, simulated, storage, null,
                new ServiceDatabases(repositories.services(), repositories.nodes(), () -> secrets));
        databases = new ServiceDatabaseService(repositories.services(), tier.backups());
        for (String id : List.of("nd-1", "nd-2")) {
            repositories.nodes().create(new Node(id, "node-" + id, Node.Role.DOCKER, "small", "debian-12", Node.Status.READY,
                    new AppServer.Vm("vm-" + id, id, "10.0.0." + id.charAt(3), 22, null, "SHA256:x"), null, NOW, NOW, 1),
                    new dev.berth.core.audit.AuditEntry(id, "node", "create", "test", NOW, null, 1L, "node"));
        }
        secrets.put(Service.secretName("jobs-db", ServiceDatabases.PASSWORD), "db-admin-secret");
    }

    private Service define(String name, Service.Kind kind, Map<String, Service.ColourState> colours, String production) {
        Service service = new Service(name, kind, "postgres:15", List.of(new Service.PortMap(5432, 15432)), Map.of("POSTGRES_DB", "jobs"),
                List.of(ServiceDatabases.PASSWORD), List.of(new Service.Volume("data", "/var/lib/postgresql/data")), "/", name + ".internal",
                "staging." + name + ".internal", colours, production, NOW, NOW, 1);
        ServiceRules.validate(service);
        repositories.services().create(service, new dev.berth.core.audit.AuditEntry("svc:" + name, "service", "create", "test", NOW, null, 1L,
                "defined"));
        return service;
    }

    private static Service.ColourState running(String node) {
        return new Service.ColourState(node, "c-" + node, "postgres:15", "running", false, NOW, null, null, 1);
    }

    @Test
    void aDumpOfTheProductionColourGoesThroughTheBackupMachineAndRestoresIntoTheOtherColour() {
        define("jobs-db", Service.Kind.POSTGRESQL, Map.of("blue", running("nd-1"), "green", running("nd-2")), "blue");
        simulated.contents.put("svc:jobs-db:blue", new java.util.concurrent.ConcurrentHashMap<>(Map.of("jobs", "3 queued jobs")));

        Backup pending = databases.dump(MANAGER, "jobs-db", null);
        assertEquals("blue", pending.source(), "the production colour by default");
        assertEquals("BackupInstance", workflows.started.get(0).stateMachine());
        assertTrue(workflows.started.get(0).input().contains("\"instanceId\":\"svc:jobs-db\""), workflows.started.get(0).input());

        Backup done = tier.backups().runBackup("svc:jobs-db", pending.id());
        assertEquals(Backup.State.COMPLETE, done.state(), String.valueOf(done.failureReason()));
        assertTrue(done.files().get(0).key().matches("backups/svc/jobs-db/bk-[0-9a-z]+/postgresql-\\d{8}T\\d{6}Z\\.dump\\.gz"),
                "a timestamped name: " + done.files().get(0).key());
        assertEquals("jobs-db (blue): dump postgres", simulated.calls.get(0), "as the service's admin user, on its own server");

        BerthException stale = assertThrows(BerthException.class, () -> databases.restore(MANAGER, "jobs-db", done.id(), "green", 7L));
        assertEquals(BerthException.Kind.PRECONDITION_FAILED, stale.kind());
        Backup restoring = databases.restore(MANAGER, "jobs-db", done.id(), "green", 1L);
        assertEquals("green", restoring.lastRestore().target());
        assertEquals("RestoreInstance", workflows.started.get(1).stateMachine());
        Backup restored = tier.backups().runRestore("svc:jobs-db", done.id());
        assertEquals("complete", restored.lastRestore().state(), String.valueOf(restored.lastRestore().failureReason()));
        assertEquals("3 queued jobs", simulated.contents.get("svc:jobs-db:green").get("jobs"), "green holds blue's data");
        assertEquals(List.of("svc:jobs-db"), repositories.audit().list("svc:jobs-db", 50, null).items().stream()
                .map(e -> e.targetType()).distinct().toList().contains("service") ? List.of("svc:jobs-db") : List.of(), "in the service's history");
    }

    @Test
    void onlyARunningColourOfAPostgresqlServiceHasADatabase() {
        define("web", Service.Kind.CONTAINER, Map.of("blue", running("nd-1")), "blue");
        define("jobs-db", Service.Kind.POSTGRESQL, Map.of("blue", running("nd-1"), "green", running("nd-2")), null);
        assertEquals("not_a_database", assertThrows(BerthException.class, () -> databases.dump(MANAGER, "web", null)).code());
        assertEquals("colour_not_running", assertThrows(BerthException.class, () -> databases.dump(MANAGER, "jobs-db", null)).code(),
                "two running colours and no production: the caller names one");
        assertEquals(BerthException.Kind.INVALID, assertThrows(BerthException.class, () -> databases.dump(MANAGER, "jobs-db", "red")).kind());
        assertEquals(BerthException.Kind.FORBIDDEN, assertThrows(BerthException.class,
                () -> databases.dump(new Principal("tok-v", "viewer", dev.berth.core.auth.Role.VIEWER), "jobs-db", "blue")).kind());
        assertEquals(0, workflows.started.size(), "nothing started");
        assertEquals(0, tier.backups().listOf(MANAGER, "svc:jobs-db", 10, null).items().size(), "nothing recorded");
    }

    @Test
    void aPostgresqlDefinitionKeepsItsDataOnAVolumeAndItsPasswordSecret() {
        Service loose = new Service("loose-db", Service.Kind.POSTGRESQL, "postgres:15", List.of(new Service.PortMap(80, 18080)),
                Map.of("POSTGRES_PASSWORD", "plain", "POSTGRES_USER", "Robert'); DROP"), List.of(), List.of(), "/", "a.internal", "b.internal",
                Map.of(), null, NOW, NOW, 1);
        BerthException invalid = assertThrows(BerthException.class, () -> ServiceRules.validate(loose));
        assertEquals(Map.of("ports", true, "volumes", true, "env", true), Map.of("ports", invalid.details().toString().contains("ports"),
                "volumes", invalid.details().toString().contains("volumes"), "env", invalid.details().toString().contains("env")));
    }
}
