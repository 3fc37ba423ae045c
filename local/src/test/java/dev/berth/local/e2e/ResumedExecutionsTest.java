package dev.berth.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.local.LocalOptions;
import dev.berth.local.LocalSystem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression (issue 18.7): the local runtime stopped in the middle of a launch lost its execution,
 * stranding the app server in {@code configuring}. With {@code --data} the execution is kept and
 * goes on after the restart, as a Step Functions execution outlives any host.
 */
class ResumedExecutionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "resume-admin-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aLaunchInterruptedByAStopGoesOnAfterTheRestart(@TempDir Path data) throws Exception {
        Path root = Path.of(System.getProperty("berth.root", "..")).toAbsolutePath().normalize();
        LocalOptions options = new LocalOptions(root.resolve("template.yaml"), 0, data, Map.of(
                "BERTH_ADMIN_TOKEN", TOKEN, "BERTH_LAUNCH_POLL_SECONDS", "1", "BERTH_LOCAL_WAIT_SCALE", "0.5"), 0);
        String appServerId;
        LocalSystem first = LocalSystem.create(options);
        try {
            first.runtime().start();
            String api = api(first);
            JsonNode instance = call(api, "POST", "/api/v1/instances", JSON.createObjectNode().put("name", "Resumed").put("subDomain", "resumed")
                    .put("extraSettings", "berth_test_deploy_seconds: 6\n").put("ephemeralDatabases", true).toString());
            appServerId = call(api, "POST", "/api/v1/instances/" + instance.get("id").asText() + "/appservers", null).get("id").asText();
            awaitStatus(api, appServerId, "configuring", Duration.ofSeconds(60));
        } finally {
            first.runtime().stop();
        }
        Path kept = data.resolve("executions").resolve("LaunchAppServer").resolve(appServerId + ".json");
        assertTrue(Files.exists(kept), "the execution is kept in " + kept);
        assertEquals("RUNNING", JSON.readTree(kept.toFile()).get("status").asText(), "a stop is not the execution's end");

        LocalSystem second = LocalSystem.create(options);
        try {
            second.runtime().start();
            String api = api(second);
            JsonNode server = awaitStatus(api, appServerId, "running", Duration.ofSeconds(90));
            assertEquals("running", server.get("status").asText());
            JsonNode execution = call(api, "GET", "/api/v1/appservers/" + appServerId + "/execution", null);
            assertEquals("SUCCEEDED", execution.get("status").asText(), execution.toString());
            long started = 0;
            for (JsonNode event : execution.get("events")) {
                started += event.get("type").asText().equals("ExecutionStarted") ? 1 : 0;
            }
            assertEquals(1, started, "one execution, resumed, not a second one: " + execution);
        } finally {
            second.runtime().stop();
        }
    }

    private static String api(LocalSystem system) {
        return system.runtime().apiUrl().toString().replaceAll("/api/v1/?$", "");
    }

    private static JsonNode awaitStatus(String api, String appServerId, String wanted, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode server = null;
        while (System.nanoTime() < deadline) {
            server = call(api, "GET", "/api/v1/appservers/" + appServerId, null);
            if (wanted.equals(server.path("status").asText())) {
                return server;
            }
            if (server.hasNonNull("failureReason")) {
                break;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(appServerId + " did not become " + wanted + ": " + server);
    }

    private static JsonNode call(String api, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300, method + " " + path + ": " + response.statusCode() + " " + response.body());
        return JSON.readTree(response.body());
    }
}
