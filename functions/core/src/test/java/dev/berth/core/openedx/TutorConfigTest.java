package dev.berth.core.openedx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.data.DataConnections;
import dev.berth.core.data.DataKind;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.DomainPrefixes;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceSettings;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.domain.TutorPlugin;
import dev.berth.core.testing.TestCore;
import dev.berth.core.testing.memory.InMemorySecretStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Tutor configuration of representative instances, checked against the keys the pinned Tutor documents. */
class TutorConfigTest {
    private static final DataConnections DATA = new DataConnections(Map.of(
            DataKind.MYSQL, new DataConnections.Connection("mysql.internal", 3306,
                    Map.of("openedx", "i_in1_openedx", "discovery", "i_in1_discovery", "notes", "i_in1_notes"), "u_in1", "sqlpw", null),
            DataKind.MONGODB, new DataConnections.Connection("mongo.internal", 27017,
                    Map.of("modulestore", "i_in1_modulestore", "forum", "i_in1_forum"), "u_in1", "mongopw", null),
            DataKind.STORAGE, new DataConnections.Connection("s3.internal", 443, Map.of("prefix", "instances/in1/"), null, null, "berth-media")));

    private static AppServer server(String release, List<String> plugins, String repo, String ref, String image, boolean ephemeral,
                                    String extra) {
        InstanceSettings s = new InstanceSettings("Demo University", "demo", "example.com", DomainPrefixes.DEFAULT, release, null,
                plugins.stream().map(p -> new TutorPlugin(p, null)).toList(), repo, ref, image, null, extra, ephemeral, "ops@example.com", false);
        Instant t = Instant.parse("2026-11-29T00:00:00Z");
        return new AppServer("as-1", "in-1", AppServerStatus.WAITING, false, s, AppServer.Vm.NONE, AppServer.Deployment.NONE, null,
                null, t, t, 1);
    }

    private static Map<String, Object> generate(AppServer server, DataConnections data) {
        OpenEdxSecrets secrets = new OpenEdxSecrets(new InMemorySecretStore());
        int major = TutorReleases.get(server.settings().openedxRelease()).tutorMajor();
        return TutorConfig.of(server, true, secrets.forInstance(server.instanceId(), major), data);
    }

    private static void assertEveryKeyIsTutors(Map<String, Object> config, AppServer server) {
        int major = TutorReleases.get(server.settings().openedxRelease()).tutorMajor();
        for (String key : config.keySet()) {
            assertTrue(TutorConfigKeys.known(key, major, server.settings().pluginNames()), key + " is not a key of Tutor " + major);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"redwood", "sumac", "teak", "ulmo", "verawood"})
    void anEphemeralSandboxKeepsTutorsOwnServicesOnTheVm(String release) {
        AppServer server = server(release, List.of("mfe", "indigo"), "https://github.com/openedx/edx-platform.git", null, null, true, null);
        Map<String, Object> config = generate(server, null);
        assertEveryKeyIsTutors(config, server);
        assertEquals(true, config.get("RUN_MYSQL"));
        assertEquals(true, config.get("RUN_MONGODB"));
        assertEquals("demo.example.com", config.get("LMS_HOST"));
        assertEquals("studio.demo.example.com", config.get("CMS_HOST"));
        assertEquals("apps.demo.example.com", config.get("MFE_HOST"));
        assertEquals(TutorReleases.get(release).hasPreviewHost(), config.containsKey("PREVIEW_LMS_HOST"));
        assertEquals(false, config.get("ENABLE_WEB_PROXY"), "the load balancer terminates TLS");
        assertEquals(true, config.get("ENABLE_HTTPS"), "links are https");
        assertEquals(80, config.get("CADDY_HTTP_PORT"));
        assertEquals(TutorReleases.get(release).platformRef(), config.get("EDX_PLATFORM_VERSION"));
        assertEquals(List.of("mfe", "indigo"), config.get("PLUGINS"));
        assertTrue(String.valueOf(config.get("JWT_RSA_PRIVATE_KEY")).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertEquals(TutorReleases.get(release).tutorMajor() >= 19, config.containsKey("MEILISEARCH_MASTER_KEY"));
    }

    @Test
    void persistentDataTurnsTutorsServicesOffAndPointsAtTheDataTier() {
        AppServer server = server("ulmo", List.of("mfe", "discovery", "credentials"), "https://github.com/openedx/edx-platform.git", null,
                null, false, "LANGUAGE_CODE: fr\nDISCOVERY_INDEX_OVERRIDES: {}\n");
        Map<String, Object> config = generate(server, DATA);
        assertEveryKeyIsTutors(config, server);
        assertEquals(false, config.get("RUN_MYSQL"));
        assertEquals(false, config.get("RUN_MONGODB"));
        assertEquals(true, config.get("RUN_REDIS"), "Redis holds caches and Celery's queue: nothing to keep");
        assertEquals("mysql.internal", config.get("MYSQL_HOST"));
        assertEquals("i_in1_openedx", config.get("OPENEDX_MYSQL_DATABASE"));
        assertEquals("sqlpw", config.get("OPENEDX_MYSQL_PASSWORD"));
        assertEquals("i_in1_discovery", config.get("DISCOVERY_MYSQL_DATABASE"), "an enabled plugin gets its database");
        assertEquals("u_in1", config.get("DISCOVERY_MYSQL_USERNAME"));
        assertFalse(config.containsKey("NOTES_MYSQL_DATABASE"), "a plugin that is off gets no keys Tutor would not know");
        assertEquals("i_in1_modulestore", config.get("MONGODB_DATABASE"));
        assertEquals("u_in1", config.get("MONGODB_USERNAME"));
        assertFalse(config.containsKey("FORUM_MONGODB_DATABASE"));
        assertFalse(config.containsKey("S3_STORAGE_BUCKET"), "storage keys only with the s3 plugin");
        assertFalse(config.containsKey("MYSQL_ROOT_PASSWORD"), "no root password: the data tier created the database");
        assertEquals("discovery.demo.example.com", config.get("DISCOVERY_HOST"));
        assertEquals("credentials.demo.example.com", config.get("CREDENTIALS_HOST"));
        assertEquals("fr", config.get("LANGUAGE_CODE"), "the extra settings are Tutor overrides");
    }

    @Test
    void aCustomPlatformAndAPrebuiltImageAreTutorsSettings() {
        AppServer custom = server("teak", List.of("mfe"), "https://github.com/example/edx-platform.git",
                "0123456789abcdef0123456789abcdef01234567", null, true, null);
        Map<String, Object> config = generate(custom, null);
        assertEveryKeyIsTutors(config, custom);
        assertEquals("https://github.com/example/edx-platform.git", config.get("EDX_PLATFORM_REPOSITORY"));
        assertEquals("0123456789abcdef0123456789abcdef01234567", config.get("EDX_PLATFORM_VERSION"));
        AppServer prebuilt = server("ulmo", List.of(), "https://github.com/openedx/edx-platform.git", null,
                "registry.example.com/openedx:21.0.11-demo", true, null);
        assertEquals("registry.example.com/openedx:21.0.11-demo", generate(prebuilt, null).get("DOCKER_IMAGE_OPENEDX"));
    }

    @Test
    void theInstanceKeysAreMadeOnceAndSharedByItsAppServers() {
        InMemorySecretStore store = new InMemorySecretStore();
        OpenEdxSecrets secrets = new OpenEdxSecrets(store);
        Map<String, String> first = secrets.forInstance("in-1", 21);
        assertEquals(first, secrets.forInstance("in-1", 21), "the next app server gets the same keys");
        assertNotEquals(first.get("OPENEDX_SECRET_KEY"), secrets.forInstance("in-2", 21).get("OPENEDX_SECRET_KEY"));
        store.put(OpenEdxSecrets.userPrefix("in-1") + "SMTP_PASSWORD", "smtp-pw");
        store.put(OpenEdxSecrets.userPrefix("in-1") + OpenEdxSecrets.ALERT_WEBHOOK, "https://hooks.example/T0/B0/secret");
        Instance instance = new Instance("in-1", TestCore.settings("One", "one"), InstanceStatus.ACTIVE, List.of(), null,
                Instant.EPOCH, Instant.EPOCH, 1);
        assertEquals(Map.of("SMTP_PASSWORD", "smtp-pw"), secrets.userSecrets(instance), "Berth's own (BERTH_*) never reach Tutor");

        secrets.forget("in-1");
        assertEquals(Map.of(), secrets.userSecrets(instance), "a purged instance's secrets go with it");
        assertTrue(store.names(OpenEdxSecrets.openedxPrefix("in-1")).isEmpty());
        assertFalse(store.names(OpenEdxSecrets.openedxPrefix("in-2")).isEmpty(), "another instance's keys stay");
    }
}
