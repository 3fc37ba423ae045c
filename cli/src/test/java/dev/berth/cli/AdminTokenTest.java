package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth admin-token} against a stub of {@code POST /api/v1/bootstrap/admin-token} in the
 * shape the server will answer: 201 with the token once, 409 already_bootstrapped afterwards.
 */
class AdminTokenTest {
    record Request(String method, String path, String contentType, String authorization, JsonNode body) {
    }

    @TempDir
    Path home;
    HttpServer server;
    String api;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile boolean bootstrapped;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/bootstrap/admin-token", this::bootstrap);
        server.start();
        api = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void bootstrap(HttpExchange exchange) throws IOException {
        JsonNode body = Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("Authorization"), body));
        int status;
        String answer;
        if (!body.path("bootstrapSecret").asText().equals("s3cret")) {
            status = 401;
            answer = "{\"error\":\"unauthorized\",\"message\":\"Wrong bootstrap secret\",\"details\":{}}";
        } else if (bootstrapped) {
            status = 409;
            answer = "{\"error\":\"already_bootstrapped\",\"message\":\"This stack already has its first admin token\",\"details\":{}}";
        } else {
            bootstrapped = true;
            status = 201;
            answer = Json.compact(Json.MAPPER.createObjectNode().put("id", "tk-first").put("name", body.path("name").asText())
                    .put("role", "admin").put("token", "brt_first_admin_secret"));
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    CliRunner berth() {
        return new CliRunner(Map.of("BERTH_CONFIG", home.resolve("berth").resolve("config").toString(), "HOME", home.toString()));
    }

    @Test
    void printsTheTokenOnceThenTheStackSaysItIsBootstrapped() {
        CliRunner.Result first = berth().run("admin-token", "--api", api, "--bootstrap-secret-file", secretFile("s3cret"));
        assertEquals(0, first.code(), first.toString());
        assertTrue(first.out().lines().anyMatch(l -> l.equals("token  brt_first_admin_secret")), first.out());
        assertTrue(first.out().lines().anyMatch(l -> l.equals("role   admin")), first.out());
        assertTrue(first.err().contains("shown only now"), first.err());
        assertFalse(Files.exists(home.resolve("berth").resolve("config")), "not stored without --save");

        Request request = requests.get(0);
        assertEquals("POST", request.method());
        assertEquals("/api/v1/bootstrap/admin-token", request.path());
        assertEquals("application/json", request.contentType());
        assertNull(request.authorization(), "no token yet");
        assertEquals(Json.MAPPER.createObjectNode().put("bootstrapSecret", "s3cret").put("name", "first admin"), request.body());

        CliRunner.Result again = berth().run("admin-token", "--api", api, "--bootstrap-secret-file", secretFile("s3cret"));
        assertEquals(4, again.code(), again.toString());
        assertTrue(again.err().startsWith("berth: This stack already has its first admin token"), again.err());
        assertEquals("", again.out());
    }

    @Test
    void theSecretComesFromTheEnvironmentOrStandardInputAndSaveStoresTheTokenIn0600() throws IOException {
        CliRunner.Result fromEnv = berth().with("BERTH_BOOTSTRAP_SECRET", "s3cret")
                .run("admin-token", "--api", api, "--name", "ops lead", "--save", "--profile", "prod", "-q");
        assertEquals(0, fromEnv.code(), fromEnv.toString());
        assertEquals("brt_first_admin_secret\n", fromEnv.out());
        assertEquals("ops lead", requests.get(0).body().path("name").asText());
        Path config = home.resolve("berth").resolve("config");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        List<String> lines = Files.readAllLines(config);
        assertTrue(lines.contains("[profile prod]") && lines.contains("api = " + api) && lines.contains("token = brt_first_admin_secret"), lines.toString());

        bootstrapped = false;
        CliRunner.Result fromStdin = berth().stdin("s3cret\n").run("admin-token", "--api", api, "--json");
        assertEquals(0, fromStdin.code(), fromStdin.toString());
        assertEquals("brt_first_admin_secret", Json.MAPPER.readTree(fromStdin.out()).path("token").asText());
        assertEquals("s3cret", requests.get(1).body().path("bootstrapSecret").asText());
    }

    @Test
    void aWrongSecretExits5AndAMissingApiOrSecretExits2() {
        CliRunner.Result wrong = berth().run("admin-token", "--api", api, "--bootstrap-secret-file", secretFile("nope"));
        assertEquals(5, wrong.code(), wrong.toString());
        assertTrue(wrong.err().startsWith("berth: Wrong bootstrap secret"), wrong.err());
        assertEquals(2, berth().run("admin-token", "--bootstrap-secret-file", secretFile("s3cret")).code());
        assertEquals(2, berth().run("admin-token", "--api", api).code(), "no secret anywhere (standard input is empty)");
        assertTrue(requests.stream().noneMatch(r -> r.body().path("bootstrapSecret").asText().isEmpty()));
    }

    private String secretFile(String secret) {
        try {
            Path file = home.resolve("bootstrap-" + secret);
            Files.writeString(file, secret + "\n");
            return file.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
