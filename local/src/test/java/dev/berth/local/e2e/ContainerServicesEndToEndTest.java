package dev.berth.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.json.Json;
import dev.berth.local.LocalOptions;
import dev.berth.local.LocalSystem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes and container services end to end on the local cloud, whose VMs carry a docker stand-in:
 * two colours on two nodes, promote through the local load balancer, a redeploy without
 * downtime on the colour's other ports, a failed redeploy that leaves the old container
 * serving, a build from a commit, secrets that never reach a command line or an answer, and a
 * node that cannot be destroyed while it runs a colour.
 */
class ContainerServicesEndToEndTest {
    private static final String TOKEN = "services-e2e-admin-token-0123456789";
    private static final String SECRET = "postgres://quotas:s3cr3t-never-shown@db.internal/quotas";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalSystem system;
    private static String api;
    private static int proxyPort;
    private static final List<String> answers = Collections.synchronizedList(new ArrayList<>());
    @TempDir
    static Path repos;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("berth.root", "..")).toAbsolutePath().normalize();
        system = LocalSystem.create(new LocalOptions(root.resolve("template.yaml"), 0, null, Map.of("BERTH_ADMIN_TOKEN", TOKEN,
                "BERTH_LOCAL_WAIT_SCALE", "0.2"), 0));
        system.runtime().start();
        api = system.runtime().apiUrl().toString().replaceAll("/api/v1/?$", "");
        proxyPort = system.cloud().proxyPort();
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.runtime().stop();
        }
    }

    record Response(int status, String etag, JsonNode body, String text) {
    }

    static Response call(String method, String path, String body, String ifMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", method.equals("PATCH") ? "application/merge-patch+json" : "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        answers.add(response.body());
        JsonNode json = null;
        if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/json") && !response.body().isEmpty()) {
            json = Json.MAPPER.readTree(response.body());
        }
        return new Response(response.statusCode(), response.headers().firstValue("ETag").orElse(null), json, response.body());
    }

    static void eventually(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("never: " + what + "\nservice: " + call("GET", "/api/v1/services/quotas", null, null).text()
                + "\nexecutions: " + system.stateMachines().executions().stream()
                .map(e -> e.name() + " " + e.status() + " " + e.error() + " " + e.cause()).toList());
    }

    /** GET through the local load balancer with a Host header; status and body. */
    static String[] site(String host) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxyPort)) {
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new String[] {response.substring(9, 12), response.substring(response.indexOf("\r\n\r\n") + 4)};
        }
    }

    static String node(String name) throws Exception {
        Response created = call("POST", "/api/v1/nodes", "{\"name\":\"" + name + "\",\"role\":\"docker\",\"size\":\"small\"}", null);
        assertEquals(202, created.status(), created.text());
        String id = created.body().get("id").asText();
        eventually(() -> call("GET", "/api/v1/nodes/" + id, null, null).body().get("status").asText().equals("ready"), name + " is ready");
        return id;
    }

    static JsonNode service() throws Exception {
        return call("GET", "/api/v1/services/quotas", null, null).body();
    }

    static String colourStatus(String colour) throws Exception {
        return service().at("/colours/" + colour + "/status").asText();
    }

    static Path vmOf(String nodeId) {
        String serverId = system.cloud().compute().find(nodeId).orElseThrow().id();
        return system.cloud().compute().directoryOf(serverId).orElseThrow();
    }

    static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                int port = socket.getLocalPort();
                if (port >= 20000 && port <= 50000) {
                    return port;
                }
            }
        }
        return 23456;
    }

    @Test
    void twoColoursOnTwoNodesPromoteRedeployBuildAndDestroy() throws Exception {
        String a = node("docker-a");
        String b = node("docker-b");
        int port = freePortPair();
        Response created = call("POST", "/api/v1/services", "{\"name\":\"quotas\",\"image\":\"registry.example.com/quotas:1.0\","
                + "\"ports\":[{\"container\":8080,\"host\":" + port + "}],\"env\":{\"FEATURES\":\"a=1,b=2\",\"LOG_LEVEL\":\"info\"},"
                + "\"volumes\":[{\"name\":\"data\",\"path\":\"/var/lib/quotas\"}],\"healthPath\":\"/health\","
                + "\"productionHost\":\"quotas.localhost\",\"stagingHost\":\"staging.quotas.localhost\"}", null);
        assertEquals(201, created.status(), created.text());
        assertEquals(204, call("PUT", "/api/v1/services/quotas/secrets/DATABASE_URL", "{\"value\":\"" + SECRET + "\"}", null).status());
        assertEquals("DATABASE_URL", service().at("/secrets/0").asText());

        // Blue on node A; green may not share it; green on node B.
        assertEquals(202, call("POST", "/api/v1/services/quotas/colours/blue/launch", "{\"node\":\"" + a + "\"}", null).status());
        eventually(() -> colourStatus("blue").equals("running"), "blue runs");
        Response shared = call("POST", "/api/v1/services/quotas/colours/green/launch", "{\"node\":\"" + a + "\"}", null);
        assertEquals(409, shared.status());
        assertEquals("colours_share_node", shared.body().get("error").asText());
        assertEquals(202, call("POST", "/api/v1/services/quotas/colours/green/launch", "{\"node\":\"" + b + "\"}", null).status());
        eventually(() -> colourStatus("green").equals("running"), "green runs");
        assertEquals("503", site("quotas.localhost")[0], "no colour is production yet");

        // Promote blue, then green: the production hostname follows; staging serves the other.
        assertEquals(202, call("POST", "/api/v1/services/quotas/promote", "{\"colour\":\"blue\"}", call("GET", "/api/v1/services/quotas", null, null).etag()).status());
        eventually(() -> site("quotas.localhost")[1].contains("blue"), "production serves blue");
        assertEquals(412, call("POST", "/api/v1/services/quotas/promote", "{\"colour\":\"green\"}", "\"v1\"").status());
        assertEquals(202, call("POST", "/api/v1/services/quotas/promote", "{\"colour\":\"green\"}", call("GET", "/api/v1/services/quotas", null, null).etag()).status());
        eventually(() -> site("quotas.localhost")[1].contains("green"), "production serves green");
        eventually(() -> site("staging.quotas.localhost")[1].contains("blue"), "staging serves blue");
        assertEquals("green", service().at("/hostnames/quotas.localhost").asText());

        // Redeploy green: the new container starts on the other ports, takes over, the old one goes.
        String before = service().at("/colours/green/container").asText();
        assertEquals(202, call("POST", "/api/v1/services/quotas/colours/green/redeploy", null, null).status());
        eventually(() -> colourStatus("green").equals("running") && !service().at("/colours/green/container").asText().equals(before), "green redeployed");
        assertEquals(port + 10_000, service().at("/colours/green/hostPort").asInt());
        assertTrue(site("quotas.localhost")[1].contains("green"), "production still serves green");
        String inspect = Files.readString(containerFile(b, service().at("/colours/green/container").asText()));
        assertTrue(inspect.contains("8080"), "the container side of the port map is the definition's: " + inspect);

        // A redeploy whose new container is unhealthy: it goes, the old one keeps serving, the failure is recorded.
        Response current = call("GET", "/api/v1/services/quotas", null, null);
        assertEquals(200, call("PATCH", "/api/v1/services/quotas", "{\"env\":{\"BERTH_STANDIN_FAIL_HEALTH\":\"1\"}}", current.etag()).status());
        String blueBefore = service().at("/colours/blue/container").asText();
        assertEquals(202, call("POST", "/api/v1/services/quotas/colours/blue/redeploy", null, null).status());
        eventually(() -> colourStatus("blue").equals("running") && service().at("/colours/blue/failureReason").isTextual(), "the failure is recorded");
        assertEquals(blueBefore, service().at("/colours/blue/container").asText(), "the old container still serves");
        assertTrue(site("staging.quotas.localhost")[1].contains("blue"));

        // Build green from a commit of a local repository: both tags pushed, the build recorded.
        String commit = repository();
        assertEquals(202, call("POST", "/api/v1/services/quotas/builds", "{\"colour\":\"green\",\"gitUrl\":\"file://" + repos.resolve("quotas")
                + "\",\"commit\":\"" + commit + "\"}", null).status());
        eventually(() -> service().at("/colours/green/build/commit").asText().equals(commit), "the build is recorded");
        String pushed = Files.readString(vmOf(b).resolve(".docker-standin/pushed.log"));
        assertTrue(pushed.contains("registry.example.com/quotas:green") && pushed.contains("registry.example.com/quotas:" + commit), pushed);

        // Secrets: on no command line the stand-in saw, in no answer, in no log; the env file is gone.
        for (String node : List.of(a, b)) {
            Path vm = vmOf(node);
            String calls = Files.readString(vm.resolve(".docker-standin/calls.log"));
            assertFalse(calls.contains("s3cr3t-never-shown"), "a secret on docker's command line");
            assertTrue(calls.contains("--env-file"), calls);
            try (Stream<Path> envFiles = Files.list(vm.resolve("berth-services"))) {
                assertEquals(0, envFiles.filter(f -> f.toString().endsWith(".env")).count(), "env files are removed after start");
            }
        }
        Response download = call("GET", "/api/v1/services/quotas/colours/green/logs/download", null, null);
        assertEquals(200, download.status());
        assertTrue(download.text().contains("docker run"), download.text());
        call("GET", "/api/v1/audit?target=svc:quotas", null, null);
        assertFalse(answers.stream().anyMatch(answer -> answer.contains("s3cr3t-never-shown")), "a secret in an API answer");

        // Terminate: not the production colour; a node running a colour is not destroyed without force.
        assertEquals(409, call("POST", "/api/v1/services/quotas/colours/green/terminate", null, "*").status());
        Response nodeB = call("GET", "/api/v1/nodes/" + b, null, null);
        Response busy = call("DELETE", "/api/v1/nodes/" + b, null, nodeB.etag());
        assertEquals(409, busy.status());
        assertEquals("node_in_use", busy.body().get("error").asText());
        assertEquals(202, call("POST", "/api/v1/services/quotas/colours/blue/terminate", null, "*").status());
        eventually(() -> colourStatus("blue").equals("terminated"), "blue terminated");
        assertEquals(202, call("DELETE", "/api/v1/nodes/" + b + "?force=true", null, call("GET", "/api/v1/nodes/" + b, null, null).etag()).status());
        eventually(() -> call("GET", "/api/v1/nodes/" + b, null, null).status() == 404, "node B is gone");
        assertEquals("terminated", colourStatus("green"), "a forced destroy stops what ran there");
    }

    @Test
    void aPostgresqlServiceIsDumpedFromOneColourAndRestoredIntoTheOther() throws Exception {
        String a = node("db-a");
        String b = node("db-b");
        int port = freePortPair();
        String password = "Db=pass-never-shown 42";
        Response created = call("POST", "/api/v1/services", "{\"name\":\"jobs-db\",\"kind\":\"postgresql\",\"image\":\"postgres:15\","
                + "\"ports\":[{\"container\":5432,\"host\":" + port + "}],\"env\":{\"POSTGRES_USER\":\"jobs_admin\",\"POSTGRES_DB\":\"jobs\"},"
                + "\"volumes\":[{\"name\":\"data\",\"path\":\"/var/lib/postgresql/data\"}],\"healthPath\":\"/\","
                + "\"productionHost\":\"jobs-db.internal.localhost\",\"stagingHost\":\"staging.jobs-db.internal.localhost\"}", null);
        assertEquals(201, created.status(), created.text());
        assertEquals(204, call("PUT", "/api/v1/services/jobs-db/secrets/POSTGRES_PASSWORD", "{\"value\":\"" + password + "\"}", null).status());
        assertEquals(202, call("POST", "/api/v1/services/jobs-db/colours/blue/launch", "{\"node\":\"" + a + "\"}", null).status());
        eventually(() -> dbColour("blue").equals("running"), "blue's database runs");

        // Data in blue, owned by a role the other colour's server does not have.
        String blueUrl = "jdbc:postgresql://" + address(a) + ":" + port + "/jobs";
        try (Connection c = DriverManager.getConnection(blueUrl, "jobs_admin", password); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE queue_worker LOGIN");
            s.execute("CREATE TABLE queue (id INT PRIMARY KEY, task TEXT)");
            s.execute("ALTER TABLE queue OWNER TO queue_worker");
            s.execute("INSERT INTO queue VALUES (1, 'fit the model'), (2, 'plot = the results')");
        }
        assertEquals("404", site("jobs-db.internal.localhost")[0], "a database is not routed through the public load balancer");
        assertEquals(409, call("POST", "/api/v1/services/jobs-db/colours/blue/redeploy", null, null).status(), "no in-place redeploy");

        // The dump: of the only running colour, timestamped, checksummed, in the service's backups.
        Response dump = call("POST", "/api/v1/services/jobs-db/database/dump", "{}", null);
        assertEquals(202, dump.status(), dump.text());
        assertEquals("blue", dump.body().get("source").asText());
        String backupId = dump.body().get("id").asText();
        eventually(() -> backup(backupId).get("state").asText().equals("complete"), "the dump completes: " + backup(backupId));
        assertTrue(backup(backupId).at("/files/0/name").asText().matches("postgresql-\\d{8}T\\d{6}Z\\.dump\\.gz"), backup(backupId).toString());
        assertEquals(backupId, call("GET", "/api/v1/services/jobs-db/database/backups", null, null).body().at("/items/0/id").asText());

        // Green on the other node, restored from blue's dump (If-Match on the service), then promoted.
        assertEquals(202, call("POST", "/api/v1/services/jobs-db/colours/green/launch", "{\"node\":\"" + b + "\"}", null).status());
        eventually(() -> dbColour("green").equals("running"), "green's database runs");
        assertEquals(412, call("POST", "/api/v1/services/jobs-db/database/restore", "{\"backupId\":\"" + backupId + "\",\"colour\":\"green\"}",
                "\"v1\"").status());
        Response restore = call("POST", "/api/v1/services/jobs-db/database/restore", "{\"backupId\":\"" + backupId + "\",\"colour\":\"green\"}",
                call("GET", "/api/v1/services/jobs-db", null, null).etag());
        assertEquals(202, restore.status(), restore.text());
        eventually(() -> backup(backupId).at("/lastRestore/state").asText().equals("complete"), "the restore completes: " + backup(backupId));
        assertEquals("green", backup(backupId).at("/lastRestore/target").asText());
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + address(b) + ":" + port + "/jobs", "jobs_admin", password);
             Statement s = c.createStatement()) {
            ResultSet rows = s.executeQuery("SELECT string_agg(task, '|' ORDER BY id), max(tableowner) FROM queue, pg_tables WHERE tablename = 'queue'");
            assertTrue(rows.next());
            assertEquals("fit the model|plot = the results", rows.getString(1), "green holds blue's rows");
            assertEquals("queue_worker", rows.getString(2), "the role was created before the restore gave it the table");
        }
        assertEquals(202, call("POST", "/api/v1/services/jobs-db/promote", "{\"colour\":\"green\"}",
                call("GET", "/api/v1/services/jobs-db", null, null).etag()).status());
        eventually(() -> call("GET", "/api/v1/services/jobs-db", null, null).body().at("/hostnames/jobs-db.internal.localhost").asText()
                .equals("green"), "production is green");

        // Audited with who and the outcome; the password nowhere.
        String audit = call("GET", "/api/v1/audit?target=svc:jobs-db", null, null).text();
        for (String action : List.of("backup.start", "backup.complete", "backup.restore", "backup.restore.complete", "promote")) {
            assertTrue(audit.contains("\"" + action + "\""), action + " in " + audit);
        }
        for (String node : List.of(a, b)) {
            assertFalse(Files.readString(vmOf(node).resolve(".docker-standin/calls.log")).contains("never-shown"), "on docker's command line");
        }
        call("GET", "/api/v1/services/jobs-db/colours/green/logs/download", null, null);
        assertFalse(answers.stream().anyMatch(answer -> answer.contains("never-shown")), "the password in an API answer");
        for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
            assertFalse(process.info().commandLine().orElse("").contains("never-shown"), "on a command line");
        }
    }

    static String dbColour(String colour) throws Exception {
        return call("GET", "/api/v1/services/jobs-db", null, null).body().at("/colours/" + colour + "/status").asText();
    }

    static JsonNode backup(String id) throws Exception {
        return call("GET", "/api/v1/services/jobs-db/database/backups/" + id, null, null).body();
    }

    static String address(String nodeId) throws Exception {
        return call("GET", "/api/v1/nodes/" + nodeId, null, null).body().get("address").asText();
    }

    /** The file the docker stand-in keeps for a container (its inspect view). */
    static Path containerFile(String nodeId, String container) {
        return vmOf(nodeId).resolve(".docker-standin/containers/" + container + ".json");
    }

    /** A git repository with a Dockerfile; returns its commit. */
    static String repository() throws Exception {
        Path repo = Files.createDirectories(repos.resolve("quotas"));
        Files.writeString(repo.resolve("Dockerfile"), "FROM python:3.12-slim\nCOPY . /app\n");
        for (List<String> command : List.of(List.of("git", "init", "-q"), List.of("git", "add", "."),
                List.of("git", "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "quotas"))) {
            Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
            assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        }
        Process head = new ProcessBuilder("git", "rev-parse", "HEAD").directory(repo.toFile()).start();
        return new String(head.getInputStream().readAllBytes()).trim();
    }
}
