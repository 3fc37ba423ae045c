package dev.berth.localdata;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starts the real servers: needs mariadb-server, postgresql and rabbitmq-server (scripts/apt-packages.txt). */
class LocalDataServersTest {
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private void log(String line) {
        log.add(line);
        System.out.println("[local-data] " + line);
    }

    @Test
    void allFourKindsStartServeAndStopWithoutLeftovers(@TempDir Path dir) throws Exception {
        Set<Long> before = descendantPids();
        LocalDataServers servers = LocalDataServers.start(dir, EnumSet.allOf(Kind.class), this::log);
        try {
            assertEquals(Map.of(), servers.unavailable(), "every kind should run on this machine");
            assertEquals(EnumSet.allOf(Kind.class), servers.available().keySet());
            for (RunningServer s : servers.available().values()) {
                assertEquals("127.0.0.1", s.host());
                if (s.authenticated()) {
                    assertFalse(s.toString().contains(s.adminPassword()), "toString leaks the password");
                    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                            Files.getPosixFilePermissions(dir.resolve(s.kind().directoryName())
                                    .resolve("admin-password")));
                }
            }
            assertTrue(log.stream().anyMatch(l -> l.startsWith("RabbitMQ: ready on") && l.matches(".* in [0-9.]+ s")),
                    "startup time is logged: " + log);

            mariaDbDatabaseAndUser(servers.available().get(Kind.MYSQL));
            postgresDatabaseAndUser(servers.available().get(Kind.POSTGRESQL));
            rabbitVhostUserAndAmqp(servers.available().get(Kind.RABBITMQ));
            mongoInsertAndRead(servers.available().get(Kind.MONGODB));

            String processes = psArgs();
            assertTrue(processes.contains("mariadbd") && processes.contains("postgres")
                    && processes.contains("beam.smp"), "the servers are separate processes");
            for (RunningServer s : servers.available().values()) {
                if (s.authenticated()) {
                    assertFalse(processes.contains(s.adminPassword()),
                            s.kind() + " admin password is visible in ps");
                }
            }
            assertFalse(descendantPids().isEmpty());
        } finally {
            servers.close();
            removePostgresFallback(dir);
        }
        Set<Long> left = descendantPids();
        left.removeAll(before);
        assertEquals(Set.of(), left, "processes left behind: " + describe(left));
        RunningServer mongo = servers.available().get(Kind.MONGODB);
        assertFalse(Ports.accepting(mongo.port()), "the in-JVM MongoDB server still listens");
        servers.close(); // idempotent
    }

    @Test
    void restartOnTheSameFolderKeepsData(@TempDir Path dir) throws Exception {
        Set<Kind> kinds = EnumSet.of(Kind.MYSQL, Kind.POSTGRESQL, Kind.MONGODB);
        String mysqlPassword;
        try (LocalDataServers first = LocalDataServers.start(dir, kinds, this::log)) {
            assertEquals(Map.of(), first.unavailable());
            RunningServer my = first.available().get(Kind.MYSQL);
            mysqlPassword = my.adminPassword();
            try (Connection c = connect("jdbc:mariadb://127.0.0.1:" + my.port() + "/", my.adminUser(),
                    my.adminPassword()); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE keepme");
                s.execute("CREATE TABLE keepme.t (v VARCHAR(20))");
                s.execute("INSERT INTO keepme.t VALUES ('kept')");
            }
            RunningServer pg = first.available().get(Kind.POSTGRESQL);
            try (Connection c = connect("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres", pg.adminUser(),
                    pg.adminPassword()); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE keepme");
            }
            RunningServer mongo = first.available().get(Kind.MONGODB);
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + mongo.port())) {
                client.getDatabase("keepme").getCollection("t").insertOne(new Document("v", "kept"));
            }
        }
        try (LocalDataServers second = LocalDataServers.start(dir, kinds, this::log)) {
            assertEquals(Map.of(), second.unavailable());
            RunningServer my = second.available().get(Kind.MYSQL);
            assertEquals(mysqlPassword, my.adminPassword(), "the admin password comes from admin-password");
            try (Connection c = connect("jdbc:mariadb://127.0.0.1:" + my.port() + "/keepme", my.adminUser(),
                    my.adminPassword()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT v FROM t")) {
                assertTrue(rs.next());
                assertEquals("kept", rs.getString(1));
            }
            RunningServer pg = second.available().get(Kind.POSTGRESQL);
            try (Connection c = connect("jdbc:postgresql://127.0.0.1:" + pg.port() + "/keepme", pg.adminUser(),
                    pg.adminPassword()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_database()")) {
                assertTrue(rs.next());
                assertEquals("keepme", rs.getString(1));
            }
            RunningServer mongo = second.available().get(Kind.MONGODB);
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + mongo.port())) {
                Document doc = client.getDatabase("keepme").getCollection("t").find().first();
                assertNotNull(doc);
                assertEquals("kept", doc.getString("v"));
            }
            assertTrue(log.stream().anyMatch(l -> l.startsWith("MariaDB: reusing")), String.valueOf(log));
        } finally {
            removePostgresFallback(dir);
        }
        assertEquals(Set.of(), descendantPids(), "processes left behind");
    }

    @Test
    void theShutdownHookStopsServersOfAJvmThatExitsWithoutClose(@TempDir Path dir) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                ShutdownHookProbe.class.getName(), dir.toString()).redirectErrorStream(true).start();
        List<Long> pids = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(jvm.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith("PID ")) {
                    pids.add(Long.parseLong(line.substring(4).trim()));
                }
            }
        }
        assertTrue(jvm.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), output.toString());
        try {
            assertTrue(output.toString().contains("AVAILABLE [MYSQL, POSTGRESQL]"), output.toString());
            assertFalse(pids.isEmpty(), output.toString());
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            List<Long> alive = pids;
            while (!alive.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                alive = pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                        .toList();
            }
            assertEquals(List.of(), alive, "servers outlived their JVM: " + output);
        } finally {
            removePostgresFallback(dir);
        }
    }

    @Test
    void runningServerToStringHidesThePassword() {
        RunningServer s = new RunningServer(Kind.RABBITMQ, "127.0.0.1", 5672, 15672, "admin", "s3cretValue");
        assertFalse(s.toString().contains("s3cretValue"));
        assertTrue(s.toString().contains("adminPort=15672"));
        assertEquals("", new RunningServer(Kind.MONGODB, "127.0.0.1", 1, 0, null, null).adminPassword());
    }

    @Test
    void binariesAreFoundOnPathAndInDebianFolders() {
        assertTrue(Binaries.find("sh").isPresent());
        assertTrue(Binaries.find("no-such-binary-berth").isEmpty());
        assertTrue(Binaries.searchDirectories().contains(Path.of("/usr/sbin")));
    }

    // --- per-kind checks -------------------------------------------------------------------------------------

    private static void mariaDbDatabaseAndUser(RunningServer my) throws SQLException {
        String base = "jdbc:mariadb://127.0.0.1:" + my.port() + "/";
        try (Connection c = connect(base, my.adminUser(), my.adminPassword()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE app");
            s.execute("CREATE USER 'app'@'%' IDENTIFIED BY 'app-Password-1'");
            s.execute("GRANT ALL PRIVILEGES ON app.* TO 'app'@'%'");
        }
        try (Connection c = connect(base + "app", "app", "app-Password-1"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE greeting (id INT PRIMARY KEY, text VARCHAR(50))");
            s.execute("INSERT INTO greeting VALUES (1, 'hello mariadb')");
            try (ResultSet rs = s.executeQuery("SELECT text, CURRENT_USER() FROM greeting")) {
                assertTrue(rs.next());
                assertEquals("hello mariadb", rs.getString(1));
                assertEquals("app@%", rs.getString(2));
            }
        }
    }

    private static void postgresDatabaseAndUser(RunningServer pg) throws SQLException {
        String base = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/";
        try (Connection c = connect(base + "postgres", pg.adminUser(), pg.adminPassword());
             Statement s = c.createStatement()) {
            s.execute("CREATE ROLE app LOGIN PASSWORD 'app-Password-2'");
            s.execute("CREATE DATABASE app OWNER app");
        }
        try (Connection c = connect(base + "app", "app", "app-Password-2"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE greeting (id INT PRIMARY KEY, text TEXT)");
            s.execute("INSERT INTO greeting VALUES (1, 'hello postgres')");
            try (ResultSet rs = s.executeQuery("SELECT text, current_user FROM greeting")) {
                assertTrue(rs.next());
                assertEquals("hello postgres", rs.getString(1));
                assertEquals("app", rs.getString(2));
            }
        }
    }

    private static void rabbitVhostUserAndAmqp(RunningServer rabbit) throws Exception {
        // HTTP/1.1: the JDK client's h2c upgrade on a PUT makes the management plugin (Cowboy) drop the connection.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String api = "http://127.0.0.1:" + rabbit.adminPort() + "/api/";
        String auth = "Basic " + Base64.getEncoder().encodeToString(
                (rabbit.adminUser() + ":" + rabbit.adminPassword()).getBytes(StandardCharsets.UTF_8));
        put(http, auth, api + "vhosts/berth-test", "{}");
        put(http, auth, api + "users/app", "{\"password\":\"app-Password-3\",\"tags\":\"\"}");
        put(http, auth, api + "permissions/berth-test/app", "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");

        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(rabbit.host());
        factory.setPort(rabbit.port());
        factory.setVirtualHost("berth-test");
        factory.setUsername("app");
        factory.setPassword("app-Password-3");
        try (com.rabbitmq.client.Connection connection = factory.newConnection();
             Channel channel = connection.createChannel()) {
            channel.queueDeclare("greetings", false, false, false, null);
            channel.basicPublish("", "greetings", null, "hello rabbit".getBytes(StandardCharsets.UTF_8));
            GetResponse got = null;
            for (int i = 0; i < 50 && got == null; i++) {
                got = channel.basicGet("greetings", true);
                if (got == null) {
                    Thread.sleep(20);
                }
            }
            assertNotNull(got, "message not delivered");
            assertEquals("hello rabbit", new String(got.getBody(), StandardCharsets.UTF_8));
        }
    }

    private static void put(HttpClient http, String auth, String url, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() == 201 || response.statusCode() == 204,
                url + " -> " + response.statusCode() + " " + response.body());
    }

    private static void mongoInsertAndRead(RunningServer mongo) {
        assertEquals("", mongo.adminUser());
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + mongo.port())) {
            MongoCollection<Document> col = client.getDatabase("app").getCollection("greetings");
            col.insertOne(new Document("_id", 1).append("text", "hello mongo"));
            Document doc = col.find(new Document("_id", 1)).first();
            assertNotNull(doc);
            assertEquals("hello mongo", doc.getString("text"));
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return DriverManager.getConnection(url, props);
    }

    private static String psArgs() throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-eo", "args").redirectErrorStream(true).start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, ps.waitFor());
        return out;
    }

    private static Set<Long> descendantPids() {
        Set<Long> pids = new java.util.HashSet<>();
        ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).forEach(p -> pids.add(p.pid()));
        return pids;
    }

    private static String describe(Set<Long> pids) {
        StringBuilder sb = new StringBuilder();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(p -> sb.append(pid).append('=')
                    .append(p.info().commandLine().orElse("?")).append("; "));
        }
        return sb.toString();
    }

    /** As root the PostgreSQL cluster of a 0700 temp folder lives under /var/tmp: remove it with the test. */
    private static void removePostgresFallback(Path dir) throws IOException {
        Path pointer = dir.resolve("postgresql").resolve("cluster-location");
        if (Files.isRegularFile(pointer)) {
            Path fallback = Path.of(Files.readString(pointer).trim());
            if (fallback.getFileName().toString().startsWith("berth-local-data-")) {
                PostgresLauncher.deleteTree(fallback);
            }
        }
    }
}
