package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.local.testing.Repo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** template.yaml itself, with the real handlers of berth-api, over real HTTP. */
class RealTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ADMIN = "brt_local-test-admin-token-0123456789";
    private static LocalRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        // The whole local system, as ./berth local builds it: state machines and local cloud included.
        runtime = LocalSystem.create(LocalOptions.forTest(Repo.template()).withEnvironment(Map.of("BERTH_ADMIN_TOKEN", ADMIN))).runtime();
        runtime.start();
    }

    @AfterAll
    static void stop() {
        runtime.stop();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create(runtime.apiUrl() + path));
    }

    @Test
    void healthAnswersWithoutAuth() throws Exception {
        HttpResponse<String> health = send(at("/api/v1/health").GET());
        assertEquals(200, health.statusCode());
        assertEquals("ok", JSON.readTree(health.body()).path("status").asText());
    }

    @Test
    void theApiNeedsATokenAndTheBootstrapAdminTokenWorks() throws Exception {
        assertEquals(401, send(at("/api/v1/instances").GET()).statusCode());
        HttpResponse<String> list = send(at("/api/v1/instances").header("Authorization", "Bearer " + ADMIN).GET());
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(JSON.readTree(list.body()).path("items").isArray());
    }

    @Test
    void anInstanceCreatedThroughTheApiCanBeReadBackWithItsEtag() throws Exception {
        HttpResponse<String> created = send(at("/api/v1/instances").header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Local Test\", \"subDomain\": \"localtest\"}")));
        assertEquals(201, created.statusCode(), created.body());
        String etag = created.headers().firstValue("etag").orElseThrow();
        JsonNode instance = JSON.readTree(created.body());
        String id = instance.path("id").asText();
        assertTrue(instance.toString().contains("localtest.localhost"), "the local base domain is localhost: " + instance);

        HttpResponse<String> read = send(at("/api/v1/instances/" + id).header("Authorization", "Bearer " + ADMIN).GET());
        assertEquals(200, read.statusCode(), read.body());
        assertEquals(etag, read.headers().firstValue("etag").orElseThrow());
    }
}
