package dev.berth.data.postgresql;

import dev.berth.core.data.DataNames;
import dev.berth.core.data.DataPlacement;
import dev.berth.core.data.DataServer;
import dev.berth.core.data.DataServerFailure;
import dev.berth.core.port.DataServerAdmin;
import dev.berth.data.tools.DumpTool;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * PostgreSQL: a login role owning the instance's databases, over JDBC as the admin. A rotation's
 * new role is granted the old one (so it can use everything the old one owns) and takes over its
 * objects when the old one is dropped. Dumps are {@code pg_dump --clean --create} per database,
 * after the roles they refer to; restored with {@code psql}; the password file is a 0600 {@code PGPASSFILE}.
 */
public final class PostgresAdmin implements DataServerAdmin {
    private static final Pattern GENERATED_PASSWORD = Pattern.compile("[A-Za-z0-9]{16,128}");

    @Override
    public void ensure(DataServer server, String adminPassword, DataPlacement placement, String password) {
        String user = DataNames.identifier(placement.user());
        if (!GENERATED_PASSWORD.matcher(password).matches()) {
            throw new IllegalArgumentException("Berth's database passwords are letters and digits");
        }
        run(server, adminPassword, "postgres", "could not create the databases of " + user, connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute((exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", user) ? "ALTER ROLE \"" : "CREATE ROLE \"")
                        + user + "\" WITH LOGIN PASSWORD '" + password + "'");
                String retiring = placement.retiringUser();
                if (retiring != null && exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", retiring)) {
                    statement.execute("GRANT \"" + DataNames.identifier(retiring) + "\" TO \"" + user + "\"");
                }
                for (String database : placement.databases()) {
                    String name = DataNames.identifier(database);
                    if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", name)) {
                        statement.execute("CREATE DATABASE \"" + name + "\" OWNER \"" + (retiring != null ? DataNames.identifier(retiring) : user) + "\"");
                    }
                    statement.execute("GRANT ALL PRIVILEGES ON DATABASE \"" + name + "\" TO \"" + user + "\"");
                }
            }
        });
    }

    @Override
    public void dropUser(DataServer server, String adminPassword, DataPlacement placement, String user) {
        String old = DataNames.identifier(user);
        String current = DataNames.identifier(placement.user());
        for (String database : placement.databases()) {
            run(server, adminPassword, DataNames.identifier(database), "could not hand " + old + "'s objects to " + current, connection -> {
                if (exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", old)) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("ALTER DATABASE \"" + DataNames.identifier(database) + "\" OWNER TO \"" + current + "\"");
                        statement.execute("REASSIGN OWNED BY \"" + old + "\" TO \"" + current + "\"");
                        statement.execute("DROP OWNED BY \"" + old + "\"");
                    }
                }
            });
        }
        run(server, adminPassword, "postgres", "could not drop the role " + old, connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP ROLE IF EXISTS \"" + old + "\"");
            }
        });
    }

    @Override
    public void drop(DataServer server, String adminPassword, DataPlacement placement) {
        run(server, adminPassword, "postgres", "could not drop the databases of " + placement.user(), connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String database : placement.databases()) {
                    statement.execute("DROP DATABASE IF EXISTS \"" + DataNames.identifier(database) + "\" WITH (FORCE)");
                }
                statement.execute("DROP ROLE IF EXISTS \"" + DataNames.identifier(placement.user()) + "\"");
                if (placement.retiringUser() != null) {
                    statement.execute("DROP ROLE IF EXISTS \"" + DataNames.identifier(placement.retiringUser()) + "\"");
                }
            }
        });
    }

    @Override
    public void dump(DataServer server, String adminPassword, DataPlacement placement, OutputStream out) {
        writeRoles(server, adminPassword, placement, out);
        withPasswordFile(server, adminPassword, env -> {
            for (String database : placement.databases()) {
                DumpTool.run(server, List.of("pg_dump", "--clean", "--create", "--if-exists", "--no-password", "-h", server.host(),
                        "-p", String.valueOf(server.port()), "-U", server.adminUser(), "-d", DataNames.identifier(database)), env, null, out);
            }
        });
    }

    @Override
    public void restore(DataServer server, String adminPassword, DataPlacement placement, InputStream in) {
        // Sessions of the app server would stop DROP DATABASE: end them first, as a restore means to replace everything.
        run(server, adminPassword, "postgres", "could not end the sessions of " + placement.user(), connection -> {
            try (PreparedStatement end = connection.prepareStatement(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                for (String database : placement.databases()) {
                    end.setString(1, DataNames.identifier(database));
                    end.execute();
                }
            }
        });
        InputStream script = new SequenceInputStream(new java.io.ByteArrayInputStream("\\set ON_ERROR_STOP on\n".getBytes()), in);
        withPasswordFile(server, adminPassword, env -> DumpTool.run(server, List.of("psql", "--no-password", "--quiet", "-h", server.host(),
                "-p", String.valueOf(server.port()), "-U", server.adminUser(), "-d", "postgres", "-f", "-"), env, script, null));
    }

    /**
     * Creates, on restore, the roles the dump names (owners of its databases, schemas, tables and
     * functions, and grantees on its tables) that the server lacks, before anything refers to them:
     * a restore into a fresh server would fail on the first {@code OWNER TO}. No password travels:
     * a role created this way cannot log in until its password is set.
     */
    private static void writeRoles(DataServer server, String adminPassword, DataPlacement placement, OutputStream out) {
        java.util.Map<String, Boolean> roles = new java.util.TreeMap<>();
        for (String database : placement.databases()) {
            run(server, adminPassword, DataNames.identifier(database), "could not list the roles of " + database, connection -> {
                try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(NAMED_ROLES)) {
                    while (rows.next()) {
                        roles.put(rows.getString(1), rows.getBoolean(2));
                    }
                }
            });
        }
        StringBuilder script = new StringBuilder("-- roles the dump refers to, created when missing\n");
        roles.forEach((role, login) -> {
            if (role.chars().noneMatch(Character::isISOControl)) {
                String literal = "'" + role.replace("'", "''") + "'";
                script.append("SELECT format('CREATE ROLE %I ").append(login ? "LOGIN" : "NOLOGIN").append("', ").append(literal)
                        .append(") WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ").append(literal).append(")\n\\gexec\n");
            }
        });
        try {
            out.write(script.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final String USER_OBJECTS = " JOIN pg_namespace n ON n.oid = %s WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'";
    private static final String NAMED_ROLES = "SELECT r.rolname, r.rolcanlogin FROM pg_roles r WHERE r.rolname !~ '^pg_' AND r.oid IN ("
            + "SELECT datdba FROM pg_database WHERE datname = current_database()"
            + " UNION SELECT nspowner FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'"
            + " UNION SELECT relowner FROM pg_class c" + USER_OBJECTS.formatted("c.relnamespace")
            + " UNION SELECT (aclexplode(c.relacl)).grantee FROM pg_class c" + USER_OBJECTS.formatted("c.relnamespace") + " AND c.relacl IS NOT NULL"
            + " UNION SELECT proowner FROM pg_proc p" + USER_OBJECTS.formatted("p.pronamespace") + ")";

    private interface Work {
        void on(Connection connection) throws SQLException;
    }

    private static void run(DataServer server, String adminPassword, String database, String what, Work work) {
        Properties credentials = new Properties();
        credentials.setProperty("user", server.adminUser());
        credentials.setProperty("password", adminPassword);
        credentials.setProperty("connectTimeout", "5");
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + database,
                credentials)) {
            work.on(connection);
        } catch (SQLException e) {
            throw new DataServerFailure(server, what + ": " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void withPasswordFile(DataServer server, String adminPassword, java.util.function.Consumer<Map<String, String>> body) {
        Path file = DumpTool.secretFile("berth-pgpass", escape(server.host()) + ":" + server.port() + ":*:" + escape(server.adminUser()) + ":"
                + escape(adminPassword) + "\n");
        try {
            body.accept(Map.of("PGPASSFILE", file.toString(), "PGCONNECT_TIMEOUT", "5"));
        } finally {
            DumpTool.deleteQuietly(file);
        }
    }

    /** A .pgpass field: backslash and colon escaped. */
    private static String escape(String field) {
        return field.replace("\\", "\\\\").replace(":", "\\:");
    }
}
