package dev.berth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.auth.Principal;
import dev.berth.core.domain.WatchedRepository;
import dev.berth.core.sandbox.SandboxExecutions;
import dev.berth.core.testing.RecordingWorkflows;
import dev.berth.core.testing.TestCore;
import dev.berth.github.webhook.WebhookSignature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The webhook receiver: signatures on the exact bytes, redeliveries, one execution per event. */
class GitHubWebhookTest {
    private static final String REPO = "Codertocat/Hello-World";
    private final RecordingWorkflows workflows = new RecordingWorkflows();

    private GitHubWebhookHandler watching() {
        ApiRoot root = TestApi.inMemory(workflows);
        root.core().watchedRepositories().create(Principal.system("test"), new WatchedRepository(null, REPO, "sandboxes.example.com",
                "DEBUG: false\n", List.of("DEBUG"), null, null, null, null, Set.of("OWNER", "MEMBER"), null, 2, 7, true, null, null, 0));
        return new GitHubWebhookHandler(root);
    }

    private byte[] call(GitHubWebhookHandler handler, String event, String delivery, byte[] body, String signature) throws Exception {
        String json = "{\"version\":\"2.0\",\"routeKey\":\"POST /api/v1/webhooks/github\",\"rawPath\":\"/api/v1/webhooks/github\","
                + "\"headers\":{\"x-github-event\":\"" + event + "\",\"x-github-delivery\":\"" + delivery + "\""
                + (signature == null ? "" : ",\"x-hub-signature-256\":\"" + signature + "\"") + "},"
                + "\"requestContext\":{\"requestId\":\"r\",\"http\":{\"method\":\"POST\"}},"
                + "\"body\":\"" + Base64.getEncoder().encodeToString(body) + "\",\"isBase64Encoded\":true}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out, null);
        return out.toByteArray();
    }

    @Test
    void theWebhookIsVerifiedDeduplicatedAndHandedToTheStateMachine() throws Exception {
        GitHubWebhookHandler handler = watching();
        byte[] opened = Files.readAllBytes(TestCore.repositoryRoot().resolve("functions/github/src/test/resources/webhooks/pull_request.opened.json"));
        String signature = new WebhookSignature("sample-webhook-secret").sign(opened);
        assertTrue(new String(call(handler, "pull_request", "d1", opened, null)).contains("\"statusCode\":401"));
        assertTrue(new String(call(handler, "pull_request", "d1", opened, "sha256=" + "0".repeat(64))).contains("\"statusCode\":401"));
        assertTrue(workflows.started.isEmpty(), "nothing starts without a valid signature");
        assertTrue(new String(call(handler, "pull_request", "d1", opened, signature)).contains("\"statusCode\":202"));
        assertEquals(1, workflows.started.size());
        assertEquals(SandboxExecutions.STATE_MACHINE, workflows.started.get(0).stateMachine());
        assertTrue(workflows.started.get(0).input().contains("\"action\":\"opened\""));
        assertTrue(new String(call(handler, "pull_request", "d1", opened, signature)).contains("duplicate"), "a redelivery has no effect");
        assertTrue(new String(call(handler, "pull_request", "d2", opened, signature)).contains("duplicate"), "a replay under a fresh id too");
        assertEquals(1, workflows.started.size(), "the same (PR, commit, action) starts one execution");
        byte[] ping = Files.readAllBytes(TestCore.repositoryRoot().resolve("functions/github/src/test/resources/webhooks/ping.json"));
        assertTrue(new String(call(handler, "ping", "d3", ping, new WebhookSignature("sample-webhook-secret").sign(ping))).contains("\"statusCode\":200"));
        // The sample event in events/ is signed with the documented sample secret.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(Files.newInputStream(TestCore.repositoryRoot().resolve("events/api/github-webhook.json")), out, null);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"statusCode\":200"), out.toString());
        assertEquals(1, workflows.started.size(), "another delivery of the same event: still one execution");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"opened", "reopened", "ready_for_review", "labeled", "synchronize", "closed",
            "converted_to_draft", "unlabeled", "opened.with-null-body", "opened.with-organization", "closed.with-organization"})
    void everyHandledActionOfTheFixturesStartsOneExecution(String fixture) throws Exception {
        GitHubWebhookHandler handler = watching();
        byte[] body = Files.readAllBytes(TestCore.repositoryRoot().resolve("functions/github/src/test/resources/webhooks/pull_request." + fixture + ".json"));
        String signature = new WebhookSignature("sample-webhook-secret").sign(body);
        String answer = new String(call(handler, "pull_request", "delivery-" + fixture, body, signature), StandardCharsets.UTF_8);
        boolean watched = !fixture.contains("with-organization") || answer.contains("accepted");
        assertTrue(answer.contains("\"statusCode\":202"), answer);
        if (watched) {
            assertEquals(1, workflows.started.size(), answer);
            assertTrue(workflows.started.get(0).input().contains("\"action\":\"" + fixture.split("\\.")[0] + "\""));
        }
    }


    private static String json(String path) throws Exception {
        return Files.readString(TestCore.repositoryRoot().resolve("functions/github/src/test/resources/webhooks/" + path));
    }

    private byte[] signed(GitHubWebhookHandler handler, String delivery, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return call(handler, "pull_request", delivery, bytes, new WebhookSignature("sample-webhook-secret").sign(bytes));
    }

    /** Regression (issue 18.5): a malformed signed payload answered 500 after the delivery was recorded; its redelivery was dropped. */
    @Test
    void aMalformedSignedPayloadIs400AndItsRedeliveryStillWorks() throws Exception {
        GitHubWebhookHandler handler = watching();
        String opened = json("pull_request.opened.json");
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) dev.berth.core.json.Json.MAPPER.readTree(opened);
        String sha = tree.at("/pull_request/head/sha").asText();
        String shortSha = opened.replace(sha, sha.substring(0, 7));
        assertTrue(new String(signed(handler, "d-bad", shortSha)).contains("\"statusCode\":400"));
        tree.remove("pull_request");
        assertTrue(new String(signed(handler, "d-bad-2", tree.toString())).contains("\"statusCode\":400"));
        assertTrue(workflows.started.isEmpty());
        assertTrue(new String(signed(handler, "d-bad", opened)).contains("\"statusCode\":202"), "the redelivery of a failed one is not a duplicate");
        assertEquals(1, workflows.started.size());
    }

    /** Regression (issue 18.5): one signed edited body replayed under fresh delivery ids started an execution each. */
    @Test
    void anEditIsIdentifiedByItsSettingsBlockNotItsDelivery() throws Exception {
        GitHubWebhookHandler handler = watching();
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) dev.berth.core.json.Json.MAPPER.readTree(json("pull_request.opened.json"));
        tree.put("action", "edited");
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("pull_request")).put("body", "Fix\n**Settings**\n```yaml\nDEBUG: true\n```\n");
        for (int i = 0; i < 5; i++) {
            signed(handler, "edit-" + i, tree.toString());
        }
        assertEquals(1, workflows.started.size(), "five replays of one edit: one execution");
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("pull_request")).put("body", "Fix, reworded\n**Settings**\n```yaml\nDEBUG: true\n```\n");
        signed(handler, "edit-5", tree.toString());
        assertEquals(1, workflows.started.size(), "an edit of the text alone does not matter");
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("pull_request")).put("body", "Fix\n**Settings**\n```yaml\nDEBUG: false\n```\n");
        signed(handler, "edit-6", tree.toString());
        assertEquals(2, workflows.started.size(), "a new settings block is a new event");
    }
}
