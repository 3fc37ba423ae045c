package dev.berth.localdata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * PostgreSQL from {@code postgresql}: {@code initdb --pwfile} once, then {@code postgres} in the foreground.
 * Both refuse to run as root, so as root they run as {@code nobody} (via setpriv) on a cluster folder owned by
 * nobody. When nobody cannot reach {@code dataDir/postgresql} (e.g. a 0700 temp folder above it), the cluster
 * lives in {@code /var/tmp/berth-local-data-<hash of the path>} instead, and {@code cluster-location} says where.
 */
final class PostgresLauncher implements Launcher {
    static final String ADMIN_USER = "admin";

    @Override
    public RunningServer launch(LaunchContext ctx) throws Exception {
        Optional<Path> postgres = Binaries.find("postgres", p -> Files.isExecutable(sibling(p, "initdb")));
        if (postgres.isEmpty()) {
            throw new Unavailable("postgres and initdb are not installed: looked on PATH and in "
                    + "/usr/lib/postgresql/*/bin (apt-get install postgresql)");
        }
        Path postgresBin = postgres.get();
        Path initdb = sibling(postgresBin, "initdb");
        Path dir = ctx.dir();
        Path log = dir.resolve("postgresql.log");
        String password = Secrets.loadOrCreatePassword(dir.resolve("admin-password"));

        boolean root = Posix.isRoot();
        Posix.Account nobody = Posix.nobody();
        List<String> runAs = List.of();
        if (root) {
            runAs = Posix.runAsPrefix(nobody).orElseThrow(() -> new Unavailable(
                    "PostgreSQL refuses to run as root and neither setpriv nor runuser is installed "
                            + "(apt-get install util-linux)"));
        }
        Path cluster = clusterFolder(ctx, root, nobody, runAs);
        Path pgdata = cluster.resolve("pgdata");
        Map<String, String> env = cleanEnv();

        if (!Files.isRegularFile(pgdata.resolve("PG_VERSION"))) {
            deleteTree(pgdata);
            Path pwfile = cluster.resolve(".initdb-password");
            Secrets.writeOwnerOnly(pwfile, password + "\n");
            if (root) {
                Posix.chown(pwfile, nobody);
            }
            try {
                List<String> command = Posix.concat(runAs, List.of(initdb.toString(), "-D", pgdata.toString(),
                        "-U", ADMIN_USER, "--pwfile=" + pwfile, "--auth-host=scram-sha-256",
                        "--auth-local=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"));
                long t0 = System.nanoTime();
                int code = ChildProcess.run(command, env, true, cluster, log, Duration.ofSeconds(120));
                if (code != 0) {
                    throw new Unavailable("initdb failed with code " + code + "; last log lines: "
                            + ChildProcess.tail(log, 6));
                }
                ctx.log("initialised a new cluster " + pgdata + " in " + Timing.since(t0));
            } finally {
                Files.deleteIfExists(pwfile);
            }
        } else {
            ctx.log("reusing the cluster " + pgdata);
        }

        int port = Ports.free();
        Path sockets = cluster.resolve("run");
        if (sockets.toString().length() > 80) {
            sockets = Files.createTempDirectory("berth-pg-");
            ctx.track(new DeleteFolder(sockets));
        }
        Files.createDirectories(sockets);
        if (root) {
            Posix.chown(sockets, nobody);
        }
        List<String> command = Posix.concat(runAs, List.of(postgresBin.toString(), "-D", pgdata.toString(),
                "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                "-k", sockets.toString(),
                "-c", "fsync=off",
                "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off",
                "-c", "shared_buffers=16MB"));
        // INT is PostgreSQL's "fast" shutdown: it does not wait for clients to disconnect.
        ChildProcess server = ctx.track(ChildProcess.start("postgres", command, env, true, cluster, log, "INT",
                Duration.ofSeconds(20)));
        Properties props = new Properties();
        props.setProperty("user", ADMIN_USER);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "2");
        props.setProperty("loginTimeout", "3");
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        ctx.awaitReady(server, () -> {
            try (Connection c = DriverManager.getConnection(url, props);
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT 1")) {
                return rs.next() && rs.getInt(1) == 1;
            }
        });
        return new RunningServer(Kind.POSTGRESQL, "127.0.0.1", port, 0, ADMIN_USER, password);
    }

    private static Path sibling(Path binary, String name) {
        try {
            return binary.toRealPath().resolveSibling(name);
        } catch (IOException e) {
            return binary.resolveSibling(name);
        }
    }

    /** The folder that holds pgdata and the socket folder, owned by the user postgres runs as. */
    private static Path clusterFolder(LaunchContext ctx, boolean root, Posix.Account nobody, List<String> runAs)
            throws Exception {
        Path preferred = ctx.dir().resolve("cluster");
        Path pointer = ctx.dir().resolve("cluster-location");
        if (!root) {
            Files.createDirectories(preferred);
            return preferred;
        }
        Files.createDirectories(preferred);
        Posix.chown(preferred, nobody);
        Files.setPosixFilePermissions(preferred, PosixFilePermissions.fromString("rwx------"));
        if (reachable(preferred, runAs, ctx.dir())) {
            Files.deleteIfExists(pointer);
            return preferred;
        }
        Path fallback = Path.of("/var/tmp", "berth-local-data-" + shortHash(ctx.dir().toAbsolutePath().normalize()
                .toString()));
        Files.createDirectories(fallback);
        Posix.chown(fallback, nobody);
        Files.setPosixFilePermissions(fallback, PosixFilePermissions.fromString("rwx------"));
        if (!reachable(fallback, runAs, ctx.dir())) {
            throw new Unavailable("user " + nobody.name() + " can reach neither " + preferred + " nor " + fallback);
        }
        Files.writeString(pointer, fallback + "\n", StandardCharsets.UTF_8);
        Files.deleteIfExists(preferred);
        ctx.log(ctx.dir() + " is not reachable by user " + nobody.name() + " (a parent folder is not "
                + "traversable), so the cluster lives in " + fallback + " instead (see " + pointer + ")");
        return fallback;
    }

    /** Asks the system itself: can {@code nobody} write into and traverse {@code folder}? */
    private static boolean reachable(Path folder, List<String> runAs, Path workDir) throws Exception {
        Optional<Path> test = Binaries.find("test");
        if (test.isEmpty()) {
            return false;
        }
        List<String> command = Posix.concat(runAs, List.of(test.get().toString(), "-w", folder.toString(), "-a",
                "-x", folder.toString()));
        Process p = new ProcessBuilder(command).directory(Path.of("/").toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor() == 0;
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The caller's environment without PG* variables (PGDATA, PGPORT... would change what initdb/postgres do). */
    private static Map<String, String> cleanEnv() {
        Map<String, String> env = new HashMap<>();
        System.getenv().forEach((k, v) -> {
            if (!k.startsWith("PG")) {
                env.put(k, v);
            }
        });
        env.put("LC_ALL", "C");
        return env;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            List<Path> all = new ArrayList<>(paths.toList());
            java.util.Collections.reverse(all);
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }

    private record DeleteFolder(Path folder) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            deleteTree(folder);
        }
    }
}
