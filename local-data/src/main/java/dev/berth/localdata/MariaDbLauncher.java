package dev.berth.localdata;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * MariaDB from {@code mariadb-server}: {@code mariadb-install-db} once, then {@code mariadbd} on 127.0.0.1 with
 * small buffers. The admin account is (re)set on every start through {@code --init-file}, a 0600 file that is
 * deleted as soon as the server is up, so the password is never on a command line.
 */
final class MariaDbLauncher implements Launcher {
    static final String ADMIN_USER = "admin";
    private static final List<String> SMALL = List.of(
            "--innodb-buffer-pool-size=16M",
            "--innodb-log-file-size=8M",
            "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_unicode_ci");

    @Override
    public RunningServer launch(LaunchContext ctx) throws Exception {
        Optional<Path> mariadbd = Binaries.findAny("mariadbd", "mysqld");
        if (mariadbd.isEmpty()) {
            throw new Unavailable("mariadbd is not installed (apt-get install mariadb-server)");
        }
        Optional<Path> installDb = Binaries.findAny("mariadb-install-db", "mysql_install_db");
        Path dir = ctx.dir();
        Path data = dir.resolve("data");
        Path log = dir.resolve("mariadb.log");
        boolean root = Posix.isRoot();
        String password = Secrets.loadOrCreatePassword(dir.resolve("admin-password"));

        if (!Files.isDirectory(data.resolve("mysql"))) {
            if (installDb.isEmpty()) {
                throw new Unavailable("mariadb-install-db is not installed (apt-get install mariadb-server)");
            }
            List<String> install = new ArrayList<>(List.of(installDb.get().toString(), "--no-defaults"));
            if (root) {
                install.add("--user=root");
            }
            install.addAll(List.of("--datadir=" + data, "--auth-root-authentication-method=socket",
                    "--skip-test-db"));
            install.addAll(SMALL);
            long t0 = System.nanoTime();
            int code = ChildProcess.run(install, Map.of(), false, dir, log, Duration.ofSeconds(90));
            if (code != 0) {
                throw new Unavailable("mariadb-install-db failed with code " + code + "; last log lines: "
                        + ChildProcess.tail(log, 6));
            }
            ctx.log("initialised a new data directory " + data + " in " + Timing.since(t0));
        } else {
            ctx.log("reusing the data directory " + data);
        }

        int port = Ports.free();
        Path socket = dir.resolve("mysql.sock");
        if (socket.toString().length() > 100) {
            socket = Path.of(System.getProperty("java.io.tmpdir"), "berth-mysql-" + port + ".sock");
        }
        Path initFile = dir.resolve("init.sql");
        Secrets.writeOwnerOnly(initFile, initSql(password));
        try {
            List<String> command = new ArrayList<>(List.of(mariadbd.get().toString(), "--no-defaults"));
            if (root) {
                command.add("--user=root");
            }
            command.addAll(List.of(
                    "--datadir=" + data,
                    "--port=" + port,
                    "--bind-address=127.0.0.1",
                    "--socket=" + socket,
                    "--pid-file=" + dir.resolve("mariadbd.pid"),
                    "--skip-name-resolve",
                    "--init-file=" + initFile));
            command.addAll(SMALL);
            ChildProcess server = ctx.track(ChildProcess.start("mariadbd", command, Map.of(), false, dir, log,
                    "TERM", Duration.ofSeconds(20)));
            Properties props = new Properties();
            props.setProperty("user", ADMIN_USER);
            props.setProperty("password", password);
            props.setProperty("connectTimeout", "1000");
            String url = "jdbc:mariadb://127.0.0.1:" + port + "/";
            ctx.awaitReady(server, () -> {
                try (Connection c = DriverManager.getConnection(url, props);
                     Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT 1")) {
                    return rs.next() && rs.getInt(1) == 1;
                }
            });
        } finally {
            Files.deleteIfExists(initFile);
        }
        return new RunningServer(Kind.MYSQL, "127.0.0.1", port, 0, ADMIN_USER, password);
    }

    private static String initSql(String password) {
        // One statement per line: that is how mariadbd reads an init file.
        StringBuilder sql = new StringBuilder();
        for (String host : List.of("%", "localhost")) {
            String account = "'" + ADMIN_USER + "'@'" + host + "'";
            sql.append("CREATE USER IF NOT EXISTS ").append(account).append(" IDENTIFIED BY '").append(password)
                    .append("';\n");
            sql.append("ALTER USER ").append(account).append(" IDENTIFIED BY '").append(password).append("';\n");
            sql.append("GRANT ALL PRIVILEGES ON *.* TO ").append(account).append(" WITH GRANT OPTION;\n");
        }
        sql.append("FLUSH PRIVILEGES;\n");
        return sql.toString();
    }
}
