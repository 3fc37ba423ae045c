package dev.berth.data.mysql;

import dev.berth.core.data.DataNames;
import dev.berth.core.data.DataPlacement;
import dev.berth.core.data.DataServer;
import dev.berth.core.data.DataServerFailure;
import dev.berth.core.port.DataServerAdmin;
import dev.berth.data.tools.DumpTool;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * MySQL and MariaDB: databases and a user over JDBC as the server's admin; dumps with
 * {@code mysqldump --add-drop-database} (clean/create) and restores with {@code mysql}, both
 * reading the credentials from a 0600 option file.
 */
public final class MySqlAdmin implements DataServerAdmin {

    @Override
    public void ensure(DataServer server, String adminPassword, DataPlacement placement, String password) {
        String user = DataNames.identifier(placement.user());
        run(server, adminPassword, "could not create the databases of " + user, connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String database : placement.databases()) {
                    statement.execute("CREATE DATABASE IF NOT EXISTS `" + DataNames.identifier(database)
                            + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
                }
            }
            try (PreparedStatement create = connection.prepareStatement("CREATE USER IF NOT EXISTS '" + user + "'@'%' IDENTIFIED BY ?");
                 PreparedStatement alter = connection.prepareStatement("ALTER USER '" + user + "'@'%' IDENTIFIED BY ?")) {
                create.setString(1, password);
                create.execute();
                alter.setString(1, password);
                alter.execute();
            }
            try (Statement statement = connection.createStatement()) {
                for (String database : placement.databases()) {
                    statement.execute("GRANT ALL PRIVILEGES ON `" + DataNames.identifier(database) + "`.* TO '" + user + "'@'%'");
                }
            }
        });
    }

    @Override
    public void dropUser(DataServer server, String adminPassword, DataPlacement placement, String user) {
        run(server, adminPassword, "could not drop the user " + user, connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP USER IF EXISTS '" + DataNames.identifier(user) + "'@'%'");
            }
        });
    }

    @Override
    public void drop(DataServer server, String adminPassword, DataPlacement placement) {
        run(server, adminPassword, "could not drop the databases of " + placement.user(), connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String database : placement.databases()) {
                    statement.execute("DROP DATABASE IF EXISTS `" + DataNames.identifier(database) + "`");
                }
                for (String user : users(placement)) {
                    statement.execute("DROP USER IF EXISTS '" + DataNames.identifier(user) + "'@'%'");
                }
            }
        });
    }

    @Override
    public void dump(DataServer server, String adminPassword, DataPlacement placement, OutputStream out) {
        List<String> command = new ArrayList<>(List.of("mysqldump|mariadb-dump", "--defaults-extra-file=", "--single-transaction",
                "--routines", "--triggers", "--events", "--add-drop-database", "--databases"));
        placement.databases().forEach(database -> command.add(DataNames.identifier(database)));
        withOptionFile(server, adminPassword, command, file -> DumpTool.run(server, command, Map.of(), null, out));
    }

    @Override
    public void restore(DataServer server, String adminPassword, DataPlacement placement, InputStream in) {
        List<String> command = new ArrayList<>(List.of("mysql|mariadb", "--defaults-extra-file="));
        withOptionFile(server, adminPassword, command, file -> DumpTool.run(server, command, Map.of(), in, null));
    }

    private interface Work {
        void on(Connection connection) throws SQLException;
    }

    private static void run(DataServer server, String adminPassword, String what, Work work) {
        Properties credentials = new Properties();
        credentials.setProperty("user", server.adminUser());
        credentials.setProperty("password", adminPassword);
        credentials.setProperty("connectTimeout", "5000");
        try (Connection connection = DriverManager.getConnection("jdbc:mariadb://" + server.host() + ":" + server.port() + "/", credentials)) {
            work.on(connection);
        } catch (SQLException e) {
            throw new DataServerFailure(server, what + ": " + e.getMessage(), e);
        }
    }

    /** Fills the {@code --defaults-extra-file=} argument with a 0600 option file for the admin, deleted afterwards. */
    private static void withOptionFile(DataServer server, String adminPassword, List<String> command, java.util.function.Consumer<Path> body) {
        Path file = DumpTool.secretFile("berth-mysql", "[client]\nuser=" + quote(server.adminUser()) + "\npassword=" + quote(adminPassword)
                + "\nhost=" + server.host() + "\nport=" + server.port() + "\nprotocol=TCP\n");
        try {
            command.set(1, "--defaults-extra-file=" + file);
            body.accept(file);
        } finally {
            DumpTool.deleteQuietly(file);
        }
    }

    /** An option-file value in double quotes, with the escapes MySQL's option files read. */
    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static List<String> users(DataPlacement placement) {
        List<String> users = new ArrayList<>();
        users.add(placement.user());
        if (placement.retiringUser() != null) {
            users.add(placement.retiringUser());
        }
        return users;
    }
}
