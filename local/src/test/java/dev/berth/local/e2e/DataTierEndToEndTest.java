package dev.berth.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.berth.core.json.Json;
import dev.berth.local.LocalOptions;
import dev.berth.local.LocalSystem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The data tier end to end on real servers (MariaDB from Debian's package, an in-JVM MongoDB, a
 * folder as storage): a first launch provisions the instance's databases and its deploy finds
 * them in its 0600 configuration file; a second launch reuses them; a backup, more writes and a
 * restore bring the first data back; a purge leaves the servers' own catalogues without the
 * instance. No password appears in an API response, the audit, the deployment log or a command line.
 */
class DataTierEndToEndTest {
    private static final String TOKEN = "data-tier-e2e-admin-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    static Path data;
    private static LocalSystem system;
    private static String api;
    private static final List<String> everythingTheApiSaid = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("berth.root", "..")).toAbsolutePath().normalize();
        system = LocalSystem.create(new LocalOptions(root.resolve("template.yaml"), 0, data, Map.of(
                "BERTH_ADMIN_TOKEN", TOKEN,
                "BERTH_LAUNCH_POLL_SECONDS", "1",
                "BERTH_LOCAL_WAIT_SCALE", "0.5",
                "BERTH_LOCAL_DATA_SERVERS", "mysql,mongodb",
                "BERTH_DATA_NEEDS", "mysql:openedx+xqueue,mongodb:modulestore,storage"), 0));
        system.runtime().start();
        api = system.runtime().apiUrl().toString().replaceAll("/api/v1/?$", "");
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.runtime().stop();
        }
    }

    record Response(int status, String etag, JsonNode body) {
    }

    static Response call(String method, String path, String body, String ifMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        everythingTheApiSaid.add(response.body());
        return new Response(response.statusCode(), response.headers().firstValue("ETag").orElse(null),
                response.body().isEmpty() ? null : Json.MAPPER.readTree(response.body()));
    }

    static void eventually(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("never: " + what);
    }

    static String launchAndWait(String instanceId) throws Exception {
        Response launched = call("POST", "/api/v1/instances/" + instanceId + "/appservers", null, null);
        assertEquals(202, launched.status(), String.valueOf(launched.body()));
        String id = launched.body().get("id").asText();
        eventually(() -> !List.of("new", "waiting", "configuring").contains(call("GET", "/api/v1/appservers/" + id, null, null)
                .body().get("status").asText()), "the launch settles");
        JsonNode server = call("GET", "/api/v1/appservers/" + id, null, null).body();
        assertEquals("running", server.get("status").asText(), server.toString());
        return id;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> deployConfiguration(String appServerId) throws Exception {
        JsonNode server = call("GET", "/api/v1/appservers/" + appServerId, null, null).body();
        Path vm = system.cloud().compute().directoryOf(server.at("/vm/serverId").asText()).orElseThrow();
        Path config = vm.resolve("berth-deploy/config.yml");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)), "only the deploy user reads it");
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(config));
    }

    static Connection mysql(Map<String, Object> config) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://" + config.get("MYSQL_HOST") + ":" + config.get("MYSQL_PORT") + "/"
                + config.get("OPENEDX_MYSQL_DATABASE"), (String) config.get("OPENEDX_MYSQL_USERNAME"), (String) config.get("OPENEDX_MYSQL_PASSWORD"));
    }

    static List<String> titles(Map<String, Object> config) throws SQLException {
        List<String> titles = new ArrayList<>();
        try (Connection c = mysql(config); Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT title FROM courses ORDER BY id")) {
            while (rows.next()) {
                titles.add(rows.getString(1));
            }
        }
        return titles;
    }

    static String adminPassword(String serverName) throws Exception {
        for (JsonNode server : call("GET", "/api/v1/data-servers", null, null).body().get("items")) {
            if (server.get("name").asText().equals(serverName)) {
                return Files.readString(data.resolve("secrets/data-servers/" + server.get("id").asText() + "/admin-password"));
            }
        }
        throw new AssertionError("no data server " + serverName);
    }

    @Test
    void provisionDeployReuseBackupRestoreAndPurge() throws Exception {
        Response created = call("POST", "/api/v1/instances", "{\"name\":\"Data School\",\"subDomain\":\"dataschool\"}", null);
        assertEquals(201, created.status(), String.valueOf(created.body()));
        String id = created.body().get("id").asText();
        assertFalse(created.body().get("ephemeralDatabases").asBoolean(), "persistent data is the default");

        // Provision, and the deploy sees the settings in its 0600 file; the password is on no command line.
        List<String> commandLines = Collections.synchronizedList(new ArrayList<>());
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                ProcessHandle.allProcesses().forEach(h -> h.info().arguments().ifPresent(a -> commandLines.add(String.join(" ", a))));
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        String first;
        try {
            first = launchAndWait(id);
        } finally {
            watcher.interrupt();
        }
        Map<String, Object> config = deployConfiguration(first);
        assertEquals(false, config.get("RUN_MYSQL"));
        assertEquals(false, config.get("RUN_MONGODB"));
        String password = (String) config.get("OPENEDX_MYSQL_PASSWORD");
        String mongoPassword = (String) config.get("MONGODB_PASSWORD");
        assertNotNull(password);
        assertTrue(password.length() >= 32);
        JsonNode dataSet = call("GET", "/api/v1/instances/" + id + "/data", null, null).body();
        assertEquals("ready", dataSet.get("state").asText());
        assertEquals(3, dataSet.get("placements").size(), dataSet.toString());
        try (Connection c = mysql(config); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE courses (id INT PRIMARY KEY, title VARCHAR(100))");
            s.execute("INSERT INTO courses VALUES (1, 'Physics 101')");
        }
        try (MongoClient mongo = MongoClients.create("mongodb://" + config.get("MONGODB_HOST") + ":" + config.get("MONGODB_PORT"))) {
            mongo.getDatabase((String) config.get("MONGODB_DATABASE")).getCollection("structures")
                    .insertOne(new org.bson.Document("_id", "course-v1:data+school"));
        }

        // A second launch reuses the same data.
        String second = launchAndWait(id);
        assertEquals(dataSet.get("placements"), call("GET", "/api/v1/instances/" + id + "/data", null, null).body().get("placements"));
        Map<String, Object> secondConfig = deployConfiguration(second);
        assertEquals(password, secondConfig.get("OPENEDX_MYSQL_PASSWORD"));
        assertEquals(List.of("Physics 101"), titles(secondConfig));

        // Back up, write more, restore: the first data is back.
        Response backup = call("POST", "/api/v1/instances/" + id + "/backups", null, null);
        assertEquals(202, backup.status(), String.valueOf(backup.body()));
        String backupId = backup.body().get("id").asText();
        eventually(() -> !call("GET", "/api/v1/instances/" + id + "/backups/" + backupId, null, null).body().get("state").asText()
                .equals("pending"), "the backup ends");
        JsonNode done = call("GET", "/api/v1/instances/" + id + "/backups/" + backupId, null, null).body();
        assertEquals("complete", done.get("state").asText(), done.toString());
        assertEquals(3, done.get("files").size());
        assertTrue(done.get("sizeBytes").asLong() > 0 && done.has("durationMs"));
        try (Connection c = mysql(config); Statement s = c.createStatement()) {
            s.execute("INSERT INTO courses VALUES (2, 'Written after the backup')");
        }
        assertEquals(2, titles(config).size());
        Response instance = call("GET", "/api/v1/instances/" + id, null, null);
        assertEquals(412, call("POST", "/api/v1/instances/" + id + "/backups/" + backupId + "/restore", null, "\"v999\"").status());
        Response restore = call("POST", "/api/v1/instances/" + id + "/backups/" + backupId + "/restore", null, instance.etag());
        assertEquals(202, restore.status(), String.valueOf(restore.body()));
        eventually(() -> !call("GET", "/api/v1/instances/" + id + "/backups/" + backupId, null, null).body().at("/lastRestore/state").asText()
                .equals("running"), "the restore ends");
        JsonNode restored = call("GET", "/api/v1/instances/" + id + "/backups/" + backupId, null, null).body();
        assertEquals("complete", restored.at("/lastRestore/state").asText(), restored.toString());
        assertEquals(List.of("Physics 101"), titles(config), "the first data is back");

        // No password in an API response, the audit, the deployment logs, or a command line.
        List<String> audit = new ArrayList<>();
        audit.add(call("GET", "/api/v1/audit?target=" + id, null, null).body().toString());
        for (String appServer : List.of(first, second)) {
            audit.add(call("GET", "/api/v1/appservers/" + appServer + "/logs?after=0", null, null).body().toString());
        }
        for (String secret : List.of(password, mongoPassword == null ? password : mongoPassword, adminPassword("local-mysql"))) {
            assertFalse(everythingTheApiSaid.stream().anyMatch(body -> body.contains(secret)), "a password in an API response");
            assertFalse(audit.stream().anyMatch(text -> text.contains(secret)), "a password in the audit or a deployment log");
            assertFalse(commandLines.stream().anyMatch(line -> line.contains(secret)), "a password on a command line");
        }
        assertFalse(commandLines.isEmpty(), "the watcher saw processes");

        // Purge: the record goes last, after the servers' catalogues lose the instance.
        Response current = call("GET", "/api/v1/instances/" + id, null, null);
        assertEquals(202, call("DELETE", "/api/v1/instances/" + id + "?purge=true", null, current.etag()).status());
        eventually(() -> call("GET", "/api/v1/instances/" + id, null, null).status() == 404, "the purge deletes the record");
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + config.get("MYSQL_HOST") + ":" + config.get("MYSQL_PORT") + "/",
                adminUserOf("local-mysql"), adminPassword("local-mysql")); Statement s = c.createStatement()) {
            List<String> databases = column(s.executeQuery("SHOW DATABASES"));
            assertFalse(databases.contains((String) config.get("OPENEDX_MYSQL_DATABASE")), databases.toString());
            assertFalse(databases.stream().anyMatch(d -> d.startsWith("i_")), "no instance database is left: " + databases);
            assertFalse(column(s.executeQuery("SELECT User FROM mysql.user")).contains((String) config.get("OPENEDX_MYSQL_USERNAME")));
        }
        assertThrows(SQLException.class, () -> mysql(config).close(), "the instance's user is gone");
        try (MongoClient mongo = MongoClients.create("mongodb://" + config.get("MONGODB_HOST") + ":" + config.get("MONGODB_PORT"))) {
            assertFalse(mongo.listDatabaseNames().into(new ArrayList<>()).contains((String) config.get("MONGODB_DATABASE")));
        }
        try (var left = Files.walk(data.resolve("buckets"))) {
            assertFalse(left.anyMatch(p -> p.toString().contains(id.replaceFirst("^in-", "")) || p.toString().contains(backupId)),
                    "no storage prefix or backup file of the instance is left");
        }
        for (JsonNode server : call("GET", "/api/v1/data-servers", null, null).body().get("items")) {
            assertEquals(0, server.get("tenants").asInt(), server.toString());
        }
    }

    static String adminUserOf(String serverName) throws Exception {
        for (JsonNode server : call("GET", "/api/v1/data-servers", null, null).body().get("items")) {
            if (server.get("name").asText().equals(serverName)) {
                return server.get("adminUser").asText();
            }
        }
        throw new AssertionError("no data server " + serverName);
    }

    static List<String> column(ResultSet rows) throws SQLException {
        List<String> values = new ArrayList<>();
        while (rows.next()) {
            values.add(rows.getString(1));
        }
        return values;
    }
}
