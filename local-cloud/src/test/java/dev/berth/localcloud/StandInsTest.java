package dev.berth.localcloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.port.compute.BootRequest;
import dev.berth.core.port.compute.ServerInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docker and drush stand-ins every local VM gets in its bin/, run as the VM's shell runs them. */
class StandInsTest {
    private static final String SECRET_URL = "postgres://u:p@h/db?a=b";
    @TempDir
    Path home;
    private final List<Path> homesToClean = new ArrayList<>();

    record Run(int exit, String out, String err) {
    }

    private static Path install(Path home, String name) throws IOException {
        Path target = home.resolve("bin").resolve(name);
        Files.createDirectories(target.getParent());
        try (InputStream in = StandInsTest.class.getResourceAsStream("/dev/berth/localcloud/standins/" + name)) {
            Files.write(target, in.readAllBytes());
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        return target;
    }

    private static Run run(Path home, Map<String, String> env, String command, String... args) throws Exception {
        Path script = home.resolve("bin").resolve(command);
        if (!Files.exists(script)) {
            install(home, command);
        }
        List<String> line = new ArrayList<>(List.of(script.toString()));
        line.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(line).directory(home.toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().remove("DRUSH_STANDIN_FAIL_URIS");
        builder.environment().putAll(env);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), command + " " + String.join(" ", args) + " finishes");
        Run result = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return result;
    }

    private Run docker(String... args) throws Exception {
        homesToClean.add(home);
        return run(home, Map.of(), "docker", args);
    }

    private Run drush(Map<String, String> env, String... args) throws Exception {
        return run(home, env, "drush", args);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** {status, body} of a GET on loopback. */
    private static String[] get(int port, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(5000);
        int status = connection.getResponseCode();
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            return new String[] {Integer.toString(status), in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8)};
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean closesWithin(int port, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (!listening(port)) {
                return true;
            }
            Thread.sleep(50);
        }
        return !listening(port);
    }

    /** No test leaves a container's server running, whatever it asserted. */
    @AfterEach
    void removeContainers() throws Exception {
        for (Path dir : homesToClean) {
            if (!Files.isDirectory(dir.resolve(".docker-standin"))) {
                continue;
            }
            String names = run(dir, Map.of(), "docker", "ps", "-a", "--format", "{{.Names}}").out();
            for (String name : names.lines().filter(n -> !n.isBlank()).toList()) {
                run(dir, Map.of(), "docker", "rm", "-f", name);
            }
            LocalComputeProvider.deleteRelocatedVolumes(dir);
        }
    }

    /** psql's output for one query, as the given user with the given password (through its environment). */
    private Run psql(int port, String user, String password, String database, String sql) throws Exception {
        Path psql = home.resolve("bin").resolve("psql");
        if (!Files.exists(psql)) {
            Files.createDirectories(psql.getParent());
            Files.createSymbolicLink(psql, Path.of("/usr/bin/psql"));
        }
        return run(home, Map.of("PGPASSWORD", password, "PGCONNECT_TIMEOUT", "5"), "psql", "-tA", "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-U", user, "-d", database, "-c", sql);
    }

    @Test
    void aPostgresImageIsARealServerWhoseDataLivesOnItsVolume() throws Exception {
        int port = freePort();
        String password = "pg=secret with spaces";
        Files.writeString(home.resolve("db.env"), "POSTGRES_PASSWORD=" + password + "\nPOSTGRES_USER=jobs_admin\nPOSTGRES_DB=jobs\n");
        Run started = docker("run", "-d", "--name", "jobs-db-blue-1", "-p", "127.0.0.1:" + port + ":5432", "--env-file", "db.env",
                "-v", "jobs-db_data:/var/lib/postgresql/data", "postgres:15");
        assertEquals(0, started.exit(), started.err());
        assertEquals("running", docker("inspect", "--format", "{{.State.Status}}", "jobs-db-blue-1").out().strip(),
                docker("logs", "jobs-db-blue-1").out());
        assertEquals(0, psql(port, "jobs_admin", password, "jobs", "CREATE TABLE queue (id INT); INSERT INTO queue VALUES (7)").exit());
        assertEquals(2, psql(port, "jobs_admin", "wrong", "jobs", "SELECT 1").exit(), "a password login, checked");
        for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
            assertFalse(process.info().commandLine().orElse("").contains(password), "never on a command line: " + process.info().commandLine());
        }

        assertEquals(0, docker("rm", "-f", "jobs-db-blue-1").exit());
        assertTrue(closesWithin(port, Duration.ofSeconds(10)), "the server stopped with its container");
        assertEquals(0, docker("run", "-d", "--name", "jobs-db-blue-2", "-p", "127.0.0.1:" + port + ":5432", "--env-file", "db.env",
                "-v", "jobs-db_data:/var/lib/postgresql/data", "postgres:15").exit());
        assertEquals("7", psql(port, "jobs_admin", password, "jobs", "SELECT id FROM queue").out().strip(), "the volume kept the data");

        Files.writeString(home.resolve("nopass.env"), "POSTGRES_DB=other\n");
        assertEquals(0, docker("run", "-d", "--name", "no-password", "--env-file", "nopass.env", "postgres:15").exit());
        assertEquals("exited", docker("inspect", "--format", "{{.State.Status}}", "no-password").out().strip(),
                "the official image refuses to initialise without a password");
        assertTrue(docker("logs", "no-password").out().contains("superuser password is not specified"));
        String recorded = Files.readString(home.resolve(".docker-standin/calls.log")) + Files.readString(home.resolve(
                ".docker-standin/logs/jobs-db-blue-2.log"));
        assertFalse(recorded.contains(password), "the stand-in's records and the server's log never hold the password");
    }

    @Test
    void dockerRunsAServiceFromAnEnvFileAndKeepsItsValuesToItself() throws Exception {
        int port = freePort();
        Files.writeString(home.resolve("quotas.env"), "DATABASE_URL=" + SECRET_URL + "\nBERTH_SERVICE=quotas\nBERTH_COLOUR=blue\n");

        assertEquals(0, docker("pull", "registry.example/quotas:1.4").exit());
        Run missing = docker("pull", "registry.example/missing:1");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("manifest unknown"), missing.err());

        Run started = docker("run", "-d", "--name", "quotas-blue", "-p", port + ":8080", "--env-file", "quotas.env",
                "-v", "quotas-data:/data", "--label", "berth.service=quotas", "registry.example/quotas:1.4");
        assertEquals(0, started.exit(), started.err());
        String id = started.out().strip();
        assertTrue(id.matches("[0-9a-f]{64}"), id);

        String[] page = get(port, "/");
        assertEquals("200", page[0]);
        assertTrue(page[1].contains("quotas-blue") && page[1].contains("registry.example/quotas:1.4"), page[1]);
        assertTrue(page[1].contains("quotas") && page[1].contains("blue"), page[1]);
        assertFalse(page[1].contains(SECRET_URL), "the page shows no other variable");
        assertEquals("200", get(port, "/health")[0]);
        assertTrue(Files.isDirectory(home.resolve(".docker-standin/volumes/quotas-data")), "the volume is a folder");

        assertEquals("quotas-blue", docker("ps", "--format", "{{.Names}}").out().strip());
        String inspect = docker("inspect", "quotas-blue").out();
        assertTrue(inspect.contains("\"8080/tcp\"") && inspect.contains("\"HostPort\": \"" + port + "\""), inspect);
        assertTrue(inspect.contains("\"DATABASE_URL\"") && inspect.contains("\"BERTH_COLOUR\""), inspect);
        assertTrue(inspect.contains("\"Running\": true") && inspect.contains("\"Id\": \"" + id + "\""), inspect);
        assertFalse(inspect.contains(SECRET_URL) || inspect.contains("=blue"), "inspect names the keys only");
        assertEquals("running", docker("inspect", "--format", "{{.State.Status}}", "quotas-blue").out().strip());
        assertTrue(docker("logs", "quotas-blue").out().contains("GET / 200"));

        Run again = docker("run", "-d", "--name", "quotas-blue", "--env-file", "quotas.env", "registry.example/quotas:1.4");
        assertEquals(125, again.exit());
        assertTrue(again.err().contains("Conflict. The container name"), again.err());

        assertEquals(0, docker("rm", "-f", "quotas-blue").exit());
        assertTrue(closesWithin(port, Duration.ofSeconds(5)), "rm -f ends the container's server");
        Run gone = docker("inspect", "quotas-blue");
        assertEquals(1, gone.exit());
        assertTrue(gone.err().contains("Error: No such object"), gone.err());
        assertEquals(1, docker("rm", "-f", "quotas-blue").exit());

        String calls = Files.readString(home.resolve(".docker-standin/calls.log"));
        assertTrue(calls.contains("ARGS run -d --name quotas-blue -p " + port + ":8080 --env-file quotas.env"), calls);
        try (var files = Files.walk(home.resolve(".docker-standin"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                assertFalse(text.contains(SECRET_URL) || text.contains("u:p@h"), "no env value in " + file);
            }
        }
    }

    @Test
    void dockerContainersCanBeUnhealthyCrashAndStop() throws Exception {
        int port = freePort();
        Files.writeString(home.resolve("sick.env"), "BERTH_STANDIN_FAIL_HEALTH=1\nBERTH_SERVICE=quotas\n");
        assertEquals(0, docker("run", "-d", "--name", "sick", "-p", port + ":80", "--env-file", "sick.env", "web:2").exit());
        assertEquals("500", get(port, "/health")[0]);
        assertEquals("500", get(port, "/")[0]);

        assertEquals(0, docker("stop", "sick").exit());
        assertTrue(closesWithin(port, Duration.ofSeconds(5)), "stop ends the server");
        assertEquals("exited", docker("inspect", "--format", "{{.State.Status}}", "sick").out().strip());
        assertEquals("", docker("ps", "--format", "{{.Names}}").out().strip());
        assertEquals("sick", docker("ps", "-a", "--format", "{{.Names}}").out().strip());

        Run crash = docker("run", "-d", "--name", "boom", "app-crash:3");
        assertEquals(0, crash.exit(), "docker run -d returns before the container dies");
        String inspect = docker("inspect", "boom").out();
        assertTrue(inspect.contains("\"Status\": \"exited\"") && inspect.contains("\"ExitCode\": 1")
                && inspect.contains("\"Running\": false"), inspect);

        Run unsupported = docker("exec", "boom", "sh");
        assertEquals(2, unsupported.exit());
        assertTrue(unsupported.err().contains("docker stand-in: unsupported: exec"), unsupported.err());
        assertEquals(2, docker("run", "-d", "--name", "x", "-e", "A=b", "web:2").exit());
    }

    @Test
    void dockerRecordsBuildsTagsAndPushes() throws Exception {
        Files.createDirectories(home.resolve("src"));
        Files.writeString(home.resolve("src/Dockerfile"), "FROM python:3.12\n");
        Run build = docker("build", "-t", "quotas:abc123", "-t", "quotas:latest", "src");
        assertEquals(0, build.exit(), build.err());
        assertTrue(build.out().contains("Successfully built ") && build.out().contains("Successfully tagged quotas:abc123")
                && build.out().contains("Successfully tagged quotas:latest"), build.out());
        assertEquals(0, docker("tag", "quotas:abc123", "registry.example/quotas:abc123").exit());
        assertEquals(0, docker("push", "registry.example/quotas:abc123").exit());
        assertEquals(1, docker("push", "registry.example/never-built:1").exit());
        assertEquals(1, docker("tag", "never-built:1", "x:1").exit());

        String images = Files.readString(home.resolve(".docker-standin/images"));
        assertTrue(images.contains("quotas:abc123 ") && images.contains("quotas:latest ")
                && images.contains("registry.example/quotas:abc123 "), images);
        assertEquals(List.of("registry.example/quotas:abc123"), Files.readAllLines(home.resolve(".docker-standin/pushed.log")));
    }

    @Test
    void drushAnswersLikeDrushAndNeverLogsTheDatabaseUrl() throws Exception {
        Run status = drush(Map.of(), "--uri=https://site.localhost", "status");
        assertEquals(0, status.exit());
        assertTrue(status.out().contains("Drupal bootstrap : Successful"), status.out());

        Run install = drush(Map.of(), "site:install", "standard", "--db-url=mysql://drupal:s3cr3t@db/site", "-y", "--uri=https://site.localhost");
        assertEquals(0, install.exit());
        assertTrue(install.out().contains("Installation complete"), install.out());
        for (String command : List.of("cr", "cache:rebuild", "updb", "cron", "rr")) {
            assertEquals(0, drush(Map.of(), "--uri=https://site.localhost", command, "-y").exit(), command);
        }
        assertEquals(0, drush(Map.of(), "--uri=https://site.localhost", "cim", "-y").exit());
        assertEquals(0, drush(Map.of(), "ev", "echo 1;").exit());
        assertEquals(1, drush(Map.of(), "--uri=https://site.localhost", "frobnicate").exit());

        Run failing = drush(Map.of("DRUSH_STANDIN_FAIL_URIS", "https://other.localhost,https://broken.localhost"),
                "--uri=https://broken.localhost", "updb", "-y");
        assertEquals(1, failing.exit());
        assertTrue(failing.err().contains("[error] The command failed"), failing.err());
        Files.writeString(home.resolve(".drush-standin/fail-uris"), "https://file.localhost\n");
        assertEquals(1, drush(Map.of(), "--uri", "https://file.localhost", "status").exit());
        assertEquals(0, drush(Map.of(), "--uri", "https://site.localhost", "status").exit());

        String calls = Files.readString(home.resolve(".drush-standin/calls.log"));
        assertFalse(calls.contains("s3cr3t") || calls.contains("mysql://"), calls);
        assertTrue(calls.contains("ARGS site:install standard --db-url=*** -y --uri=https://site.localhost URI=https://site.localhost"), calls);
        assertTrue(calls.contains("ARGS ev echo 1; URI=-"), calls);
        assertTrue(calls.contains("URI=https://broken.localhost"), calls);
    }

    @Test
    void everyLocalVmGetsTheStandInsAndItsContainersStopWithIt(@TempDir Path root) throws Exception {
        LocalComputeProvider cloud = new LocalComputeProvider(root, null, Duration.ZERO, Clock.systemUTC());
        Path vm;
        try {
            ServerInfo info = cloud.boot(new BootRequest("as-1", "one", "", "", "", List.of(), "", Map.of(ServerInfo.APP_SERVER_TAG, "as-1")));
            vm = cloud.directoryOf(info.id()).orElseThrow();
            for (String name : List.of("docker", "drush")) {
                Path script = vm.resolve("bin").resolve(name);
                assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(script)), name);
                try (InputStream in = getClass().getResourceAsStream("/dev/berth/localcloud/standins/" + name)) {
                    assertArrayEquals(in.readAllBytes(), Files.readAllBytes(script), name);
                }
                assertTrue(Files.readString(script).startsWith("#!/usr/bin/env python3\n"), name);
            }
            assertEquals(0, run(vm, Map.of(), "drush", "--uri=x", "status").exit(), "the installed drush runs");
        } finally {
            cloud.close();
        }

        // A restart brings back a missing stand-in and keeps one the developer changed.
        Files.delete(vm.resolve("bin/drush"));
        Files.writeString(vm.resolve("bin/docker"), "#!/bin/sh\necho mine\n");
        LocalComputeProvider again = new LocalComputeProvider(root, null, Duration.ZERO, Clock.systemUTC());
        try {
            assertTrue(Files.isExecutable(vm.resolve("bin/drush")), "drush is back");
            assertEquals("#!/bin/sh\necho mine\n", Files.readString(vm.resolve("bin/docker")));

            Files.delete(vm.resolve("bin/docker"));
            install(vm, "docker");
            homesToClean.add(vm);
            int port = freePort();
            assertEquals(0, run(vm, Map.of(), "docker", "run", "-d", "--name", "svc", "-p", port + ":80", "web:1").exit());
            assertTrue(listening(port));
            String record = Files.readString(vm.resolve(".docker-standin/containers/svc.json"));
            again.delete(again.listManaged().get(0).id());
            assertTrue(closesWithin(port, Duration.ofSeconds(15)), "deleting the VM ends its containers: " + record);
            homesToClean.remove(vm);
        } finally {
            again.close();
        }
    }
}
