package dev.berth.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.berth.core.data.DataKind;
import dev.berth.core.data.DataNames;
import dev.berth.core.data.DataPlacement;
import dev.berth.core.data.DataServer;
import dev.berth.core.data.DataServerFailure;
import dev.berth.core.port.DataServerAdmin;
import dev.berth.localdata.Kind;
import dev.berth.localdata.LocalDataServers;
import dev.berth.localdata.RunningServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin adapters against real servers from Debian's packages (MariaDB, PostgreSQL, RabbitMQ)
 * and an in-JVM MongoDB: provisioning is idempotent and usable by the instance's user, a dump
 * restores what it held, a drop leaves the server's catalogue without the instance, a server
 * that refuses connections is a failure naming it, and no password is on a command line.
 */
class RealServersTest {
    private static final String INSTANCE = "in-01jdatatest0000000000000";
    private static Path data;
    private static LocalDataServers servers;
    private static final Function<DataKind, DataServerAdmin> ADMINS = DataAdmins.create(server -> {
        throw new UnsupportedOperationException("no storage here");
    });

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("berth-data-test");
        servers = LocalDataServers.start(data, EnumSet.of(Kind.MYSQL, Kind.POSTGRESQL, Kind.MONGODB, Kind.RABBITMQ), System.out::println);
        assertEquals(Map.of(), servers.unavailable(), "the test script installs every server");
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static DataServer server(DataKind kind, Kind local) {
        RunningServer running = servers.available().get(local);
        return new DataServer("ds-" + kind.wireName(), kind.wireName() + "-1", kind, running.host(), running.port(), running.adminPort(),
                running.adminUser().isEmpty() ? "none" : running.adminUser(), null, 10, DataServer.State.ACCEPTING, 0, Instant.now(),
                Instant.now(), 1);
    }

    private static String adminPassword(Kind local) {
        return servers.available().get(local).adminPassword();
    }

    private static DataPlacement placement(DataKind kind, List<String> roles) {
        return new DataPlacement(kind, "ds-" + kind.wireName(), DataNames.databases(INSTANCE, kind, roles), DataNames.user(INSTANCE), null);
    }

    @Test
    void mysqlDatabasesAreProvisionedOnceDumpedRestoredAndDropped() throws Exception {
        DataServer server = server(DataKind.MYSQL, Kind.MYSQL);
        DataPlacement p = placement(DataKind.MYSQL, List.of("openedx", "xqueue"));
        DataServerAdmin admin = ADMINS.apply(DataKind.MYSQL);
        String password = "Pw" + "0123456789abcdefghij";
        admin.ensure(server, adminPassword(Kind.MYSQL), p, password);
        admin.ensure(server, adminPassword(Kind.MYSQL), p, password); // idempotent
        String url = "jdbc:mariadb://127.0.0.1:" + server.port() + "/" + p.databases().get(0);
        try (var c = DriverManager.getConnection(url, p.user(), password); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE courses (id INT PRIMARY KEY, title VARCHAR(100))");
            s.execute("INSERT INTO courses VALUES (1, 'Physics 101')");
        }
        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        admin.dump(server, adminPassword(Kind.MYSQL), p, dump);
        assertTrue(dump.toString().contains("DROP DATABASE IF EXISTS"), "clean/create semantics");
        try (var c = DriverManager.getConnection(url, p.user(), password); Statement s = c.createStatement()) {
            s.execute("INSERT INTO courses VALUES (2, 'Written after the backup')");
        }
        admin.restore(server, adminPassword(Kind.MYSQL), p, new ByteArrayInputStream(dump.toByteArray()));
        try (var c = DriverManager.getConnection(url, p.user(), password); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT title FROM courses ORDER BY id")) {
            List<String> titles = new ArrayList<>();
            while (rows.next()) {
                titles.add(rows.getString(1));
            }
            assertEquals(List.of("Physics 101"), titles, "the restore brought back the backup's rows only");
        }
        admin.drop(server, adminPassword(Kind.MYSQL), p);
        admin.drop(server, adminPassword(Kind.MYSQL), p); // idempotent
        try (var c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + server.port() + "/", server.adminUser(), adminPassword(Kind.MYSQL));
             Statement s = c.createStatement()) {
            assertFalse(column(s.executeQuery("SHOW DATABASES")).stream().anyMatch(d -> d.startsWith("i_")), "databases gone");
            assertFalse(column(s.executeQuery("SELECT User FROM mysql.user")).contains(p.user()), "user gone");
        }
        assertThrows(SQLException.class, () -> DriverManager.getConnection(url, p.user(), password).close());
    }

    @Test
    void postgresqlRotationHandsTheOldRolesObjectsToTheNewOne() throws Exception {
        DataServer server = server(DataKind.POSTGRESQL, Kind.POSTGRESQL);
        DataPlacement p = placement(DataKind.POSTGRESQL, List.of("drupal"));
        DataServerAdmin admin = ADMINS.apply(DataKind.POSTGRESQL);
        String admin1 = adminPassword(Kind.POSTGRESQL);
        admin.ensure(server, admin1, p, "FirstPassword0123456789");
        String url = "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + p.databases().get(0);
        try (var c = DriverManager.getConnection(url, p.user(), "FirstPassword0123456789"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE nodes (id INT PRIMARY KEY, title TEXT)");
            s.execute("INSERT INTO nodes VALUES (1, 'Home')");
        }
        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        admin.dump(server, admin1, p, dump);
        assertTrue(dump.toString().contains("CREATE DATABASE"), "clean/create semantics");
        try (var c = DriverManager.getConnection(url, p.user(), "FirstPassword0123456789"); Statement s = c.createStatement()) {
            s.execute("DELETE FROM nodes");
        }
        admin.restore(server, admin1, p, new ByteArrayInputStream(dump.toByteArray()));
        try (var c = DriverManager.getConnection(url, p.user(), "FirstPassword0123456789"); Statement s = c.createStatement()) {
            assertEquals(List.of("Home"), column(s.executeQuery("SELECT title FROM nodes")));
        }
        DataPlacement rotated = p.rotatedTo(DataNames.nextUser(p.user()));
        admin.ensure(server, admin1, rotated, "SecondPassword0123456789");
        try (var c = DriverManager.getConnection(url, rotated.user(), "SecondPassword0123456789"); Statement s = c.createStatement()) {
            assertEquals(List.of("Home"), column(s.executeQuery("SELECT title FROM nodes")), "the new role reads the old one's tables");
        }
        admin.dropUser(server, admin1, rotated, p.user());
        assertThrows(SQLException.class, () -> DriverManager.getConnection(url, p.user(), "FirstPassword0123456789").close(),
                "the old password is revoked");
        try (var c = DriverManager.getConnection(url, rotated.user(), "SecondPassword0123456789"); Statement s = c.createStatement()) {
            s.execute("INSERT INTO nodes VALUES (2, 'About')");
        }
        admin.drop(server, admin1, rotated.retired());
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres", server.adminUser(), admin1);
             Statement s = c.createStatement()) {
            assertFalse(column(s.executeQuery("SELECT datname FROM pg_database")).contains(p.databases().get(0)));
            assertFalse(column(s.executeQuery("SELECT rolname FROM pg_roles")).stream().anyMatch(r -> r.startsWith("u_")));
        }
    }

    @Test
    void postgresqlRestoreIntoAServerWithoutTheRolesCreatesThemFirst() throws Exception {
        DataServer server = server(DataKind.POSTGRESQL, Kind.POSTGRESQL);
        DataPlacement p = new DataPlacement(DataKind.POSTGRESQL, "ds-postgresql", List.of("i_roles_app"), "u_roles_app", null);
        DataServerAdmin admin = ADMINS.apply(DataKind.POSTGRESQL);
        String adminPassword = adminPassword(Kind.POSTGRESQL);
        String password = "RolesPassword0123456789";
        admin.ensure(server, adminPassword, p, password);
        String url = "jdbc:postgresql://127.0.0.1:" + server.port() + "/i_roles_app";
        String adminUrl = "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres";
        try (var c = DriverManager.getConnection(adminUrl, server.adminUser(), adminPassword); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE \"o'reporting\" NOLOGIN");
        }
        try (var c = DriverManager.getConnection(url, p.user(), password); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE jobs (id INT PRIMARY KEY, state TEXT)");
            s.execute("INSERT INTO jobs VALUES (1, 'queued')");
            s.execute("GRANT SELECT ON jobs TO \"o'reporting\"");
        }
        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        admin.dump(server, adminPassword, p, dump);
        // As on a fresh server: neither the database nor its roles exist when the restore starts.
        admin.drop(server, adminPassword, p);
        try (var c = DriverManager.getConnection(adminUrl, server.adminUser(), adminPassword); Statement s = c.createStatement()) {
            s.execute("DROP ROLE \"o'reporting\"");
            assertFalse(column(s.executeQuery("SELECT rolname FROM pg_roles")).contains("u_roles_app"));
        }
        admin.restore(server, adminPassword, p, new ByteArrayInputStream(dump.toByteArray()));
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/i_roles_app", server.adminUser(), adminPassword);
             Statement s = c.createStatement()) {
            assertEquals(List.of("queued"), column(s.executeQuery("SELECT state FROM jobs")));
            assertEquals(List.of("u_roles_app"), column(s.executeQuery("SELECT tableowner FROM pg_tables WHERE tablename = 'jobs'")),
                    "the owner was created before the restore named it");
            assertEquals(List.of("o'reporting:false"), column(s.executeQuery(
                    "SELECT rolname || ':' || rolcanlogin FROM pg_roles WHERE rolname = 'o''reporting'")), "the grantee too, as it was");
            assertEquals(List.of("SELECT"), column(s.executeQuery("SELECT privilege_type FROM information_schema.role_table_grants "
                    + "WHERE table_name = 'jobs' AND grantee = 'o''reporting'")));
        }
        admin.restore(server, adminPassword, p, new ByteArrayInputStream(dump.toByteArray())); // the roles exist now: skipped
        admin.drop(server, adminPassword, p);
        try (var c = DriverManager.getConnection(adminUrl, server.adminUser(), adminPassword); Statement s = c.createStatement()) {
            s.execute("DROP ROLE \"o'reporting\"");
        }
    }

    @Test
    void mongodbCollectionsSurviveADumpAndRestoreWithTheirTypes() {
        DataServer server = server(DataKind.MONGODB, Kind.MONGODB);
        DataPlacement p = placement(DataKind.MONGODB, List.of("modulestore", "forum"));
        DataServerAdmin admin = ADMINS.apply(DataKind.MONGODB);
        admin.ensure(server, adminPassword(Kind.MONGODB), p, "MongoPassword0123456789");
        admin.ensure(server, adminPassword(Kind.MONGODB), p, "MongoPassword0123456789");
        Instant when = Instant.parse("2026-11-29T10:00:00Z");
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.port())) {
            client.getDatabase(p.databases().get(0)).getCollection("structures")
                    .insertOne(new Document("_id", "course-v1:demo").append("edited", java.util.Date.from(when)).append("blocks", 42));
            ByteArrayOutputStream dump = new ByteArrayOutputStream();
            admin.dump(server, adminPassword(Kind.MONGODB), p, dump);
            client.getDatabase(p.databases().get(0)).getCollection("structures").insertOne(new Document("_id", "after"));
            admin.restore(server, adminPassword(Kind.MONGODB), p, new ByteArrayInputStream(dump.toByteArray()));
            List<Document> docs = client.getDatabase(p.databases().get(0)).getCollection("structures").find().into(new ArrayList<>());
            assertEquals(1, docs.size(), "only what the dump held");
            assertEquals(java.util.Date.from(when), docs.get(0).getDate("edited"), "dates stay dates");
            assertEquals(42, docs.get(0).getInteger("blocks"));
            admin.drop(server, adminPassword(Kind.MONGODB), p);
            assertFalse(client.listDatabaseNames().into(new ArrayList<>()).contains(p.databases().get(0)));
        }
    }

    @Test
    void rabbitmqGetsAVhostAndAUserThatCanUseIt() throws Exception {
        DataServer server = server(DataKind.RABBITMQ, Kind.RABBITMQ);
        DataPlacement p = placement(DataKind.RABBITMQ, List.of());
        DataServerAdmin admin = ADMINS.apply(DataKind.RABBITMQ);
        admin.ensure(server, adminPassword(Kind.RABBITMQ), p, "AmqpPassword0123456789");
        admin.ensure(server, adminPassword(Kind.RABBITMQ), p, "AmqpPassword0123456789");
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(server.port());
        factory.setVirtualHost(p.databases().get(0));
        factory.setUsername(p.user());
        factory.setPassword("AmqpPassword0123456789");
        try (Connection connection = factory.newConnection(); var channel = connection.createChannel()) {
            channel.queueDeclare("celery", true, false, false, null);
        }
        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        admin.dump(server, adminPassword(Kind.RABBITMQ), p, dump);
        assertTrue(dump.toString().contains("\"celery\""), "the vhost's definitions name its queue");
        admin.drop(server, adminPassword(Kind.RABBITMQ), p);
        assertThrows(Exception.class, () -> factory.newConnection().close(), "vhost and user are gone");
    }

    @Test
    void aServerThatRefusesConnectionsIsAFailureNamingIt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        for (DataKind kind : List.of(DataKind.MYSQL, DataKind.POSTGRESQL, DataKind.MONGODB, DataKind.RABBITMQ)) {
            DataServer down = new DataServer("ds-down", "down-" + kind.wireName(), kind, "127.0.0.1", closedPort,
                    kind == DataKind.RABBITMQ ? closedPort : 0, "admin", null, 10, DataServer.State.ACCEPTING, 0, Instant.now(), Instant.now(), 1);
            DataServerFailure failure = assertThrows(DataServerFailure.class,
                    () -> ADMINS.apply(kind).ensure(down, "admin-secret-password", placement(kind, List.of("openedx")), "UserPassword0123456789"));
            assertTrue(failure.getMessage().contains("down-" + kind.wireName()) && failure.getMessage().contains("127.0.0.1:" + closedPort),
                    failure.getMessage());
            assertFalse(failure.getMessage().contains("admin-secret-password") || failure.getMessage().contains("UserPassword0123456789"));
        }
    }

    @Test
    void dumpToolsNeverSeeAPasswordOnTheirCommandLine() throws Exception {
        DataServer server = server(DataKind.MYSQL, Kind.MYSQL);
        DataPlacement p = placement(DataKind.MYSQL, List.of("pscheck"));
        DataServerAdmin admin = ADMINS.apply(DataKind.MYSQL);
        admin.ensure(server, adminPassword(Kind.MYSQL), p, "PsCheckPassword0123456789");
        List<String> seen = new ArrayList<>();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                ProcessHandle.allProcesses().forEach(h -> h.info().arguments().ifPresent(args -> seen.add(String.join(" ", args))));
            }
        });
        watcher.start();
        try {
            for (int i = 0; i < 5; i++) {
                admin.dump(server, adminPassword(Kind.MYSQL), p, new ByteArrayOutputStream());
            }
        } finally {
            watcher.interrupt();
            watcher.join();
        }
        assertTrue(seen.stream().anyMatch(args -> args.contains("--defaults-extra-file=")), "the watcher saw mysqldump run");
        assertFalse(seen.stream().anyMatch(args -> args.contains(adminPassword(Kind.MYSQL))), "no admin password on a command line");
        admin.drop(server, adminPassword(Kind.MYSQL), p);
    }

    private static List<String> column(ResultSet rows) throws SQLException {
        List<String> values = new ArrayList<>();
        while (rows.next()) {
            values.add(rows.getString(1));
        }
        return values;
    }
}
