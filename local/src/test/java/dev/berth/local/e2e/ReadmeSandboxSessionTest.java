package dev.berth.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.github.webhook.WebhookSignature;
import dev.berth.local.LocalOptions;
import dev.berth.local.LocalSystem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Regression (issue 18.11): the README's pull-request session needed a payload from outside the
 * repository and a GitHub API the reader had to stub. Now it runs as written on a fresh system:
 * the payloads are in events/github and the local GitHub stand-in answers the sandbox flow.
 */
class ReadmeSandboxSessionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "readme-admin-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path ROOT = Path.of(System.getProperty("berth.root", "..")).toAbsolutePath().normalize();
    private static final String HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";

    @Test
    void theReadmesWebhookSessionGetsASandboxServedThroughTheProxy() throws Exception {
        // As `./berth local` is started: no GitHub settings at all.
        LocalSystem system = LocalSystem.create(new LocalOptions(ROOT.resolve("template.yaml"), 0, null, Map.of(
                "BERTH_ADMIN_TOKEN", TOKEN, "BERTH_LAUNCH_POLL_SECONDS", "1", "BERTH_LOCAL_WAIT_SCALE", "0.5"), 0));
        try {
            system.runtime().start();
            String api = system.runtime().apiUrl().toString().replaceAll("/api/v1/?$", "");
            assertTrue(system.gitHub().isPresent(), "the stand-in runs when BERTH_GITHUB_API_URL is not set");

            call(api, "POST", "/api/v1/watched-repositories", Map.of(), "{\"fullName\":\"Codertocat/Hello-World\",\"baseDomain\":\"localhost\"}");
            assertEquals(202, webhook(api, "pull_request.opened.json").statusCode());

            JsonNode sandbox = awaitActiveSandbox(api, Duration.ofSeconds(120));
            String host = sandbox.at("/domains/lms").asText();
            assertEquals("pr2-hello-world-4d960c.localhost", host, "the domain the README shows");
            // Active first, then the gated routing sync puts it behind the proxy: wait for that, as a reader would.
            String[] page = site(system.cloud().proxyPort(), host);
            for (long until = System.nanoTime() + Duration.ofSeconds(30).toNanos(); !page[0].equals("200") && System.nanoTime() < until; ) {
                Thread.sleep(200);
                page = site(system.cloud().proxyPort(), host);
            }
            assertEquals("200", page[0], "the sandbox is served through the local proxy: " + page[1]);
            List<String> states = system.gitHub().orElseThrow().statuses("Codertocat/Hello-World", HEAD).stream()
                    .map(s -> s.path("state").asText()).toList();
            assertEquals("success", states.get(0), "GitHub (the stand-in) was told: " + states);
            assertTrue(states.contains("pending"), states.toString());

            assertEquals(202, webhook(api, "pull_request.closed.json").statusCode());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            JsonNode closed = sandbox;
            while (System.nanoTime() < deadline && !closed.path("activeAppServerIds").isEmpty()) {
                Thread.sleep(300);
                closed = call(api, "GET", "/api/v1/instances/" + sandbox.get("id").asText(), Map.of(), null);
            }
            assertTrue(closed.path("activeAppServerIds").isEmpty(), "a closed pull request's sandbox goes dark: " + closed);
        } finally {
            system.runtime().stop();
        }
    }

    /** As the README's curl does: the file's exact bytes, signed with the local webhook secret. */
    private static HttpResponse<String> webhook(String api, String file) throws Exception {
        byte[] body = Files.readAllBytes(ROOT.resolve("events/github").resolve(file));
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/api/v1/webhooks/github"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", "pull_request")
                .header("X-GitHub-Delivery", "readme-" + file + "-" + System.nanoTime())
                .header("X-Hub-Signature-256", new WebhookSignature("local-webhook-secret").sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode awaitActiveSandbox(String api, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            JsonNode items = call(api, "GET", "/api/v1/instances?repository=Codertocat/Hello-World&pullRequest=2", Map.of(), null).get("items");
            if (items.size() == 1) {
                last = items.get(0);
                if (!last.path("activeAppServerIds").isEmpty()) {
                    return last;
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no active sandbox: " + last);
    }

    private static String[] site(int proxyPort, String host) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxyPort)) {
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new String[] {response.substring(9, 12), response.substring(response.indexOf("\r\n\r\n") + 4)};
        }
    }

    private static JsonNode call(String api, String method, String path, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300, method + " " + path + ": " + response.statusCode() + " " + response.body());
        return JSON.readTree(response.body());
    }
}
