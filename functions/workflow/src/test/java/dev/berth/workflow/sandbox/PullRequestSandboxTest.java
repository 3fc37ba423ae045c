package dev.berth.workflow.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.berth.core.BerthCore;
import dev.berth.core.auth.Principal;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.WatchedRepository;
import dev.berth.core.port.Adapters;
import dev.berth.core.port.Workflows;
import dev.berth.core.store.Fleet;
import dev.berth.core.testing.LocalDynamo;
import dev.berth.core.testing.RecordingWorkflows;
import dev.berth.core.testing.TestCore;
import dev.berth.github.rest.GitHubRestClient;
import dev.berth.github.webhook.WebhookSignature;
import dev.berth.workflow.GitHubWebhookHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PullRequestSandboxTest {
    private static final String REPO = "Codertocat/Hello-World";
    private final RecordingWorkflows workflows = new RecordingWorkflows();
    private final Map<String, String> env = new HashMap<>(TestCore.environment());
    private BerthCore core;
    private WireMockServer github;
    private SandboxSteps steps;

    @BeforeEach
    void setUp() {
        env.put("BERTH_GITHUB_WEBHOOK_SECRET", "sample-webhook-secret");
        core = BerthCore.create(env, Adapters.NONE.with(Workflows.class, workflows));
        github = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        github.start();
        github.stubFor(post(urlPathMatching("/repos/.*/statuses/.*")).willReturn(aResponse().withStatus(201).withBody("{}")));
        steps = new SandboxSteps(core.watchedRepositoryStore(), core.instanceStore(), core.appServerStore(), core.instances(),
                core.appServers(), core.activation(), new Fleet(core.instanceStore(), core.appServerStore()),
                new GitHubRestClient("http://localhost:" + github.port(), "token"), core.config(), 1, "http://console.example/", Clock.systemUTC());
        core.watchedRepositories().create(Principal.system("test"), new WatchedRepository(null, REPO, "sandboxes.example.com",
                "DEBUG: false\n", List.of("DEBUG"), null, null, null, null, null, Set.of("OWNER", "MEMBER"), null, 2, 7, true, null, null, 0));
    }

    @AfterEach
    void tearDown() {
        github.stop();
    }

    private void pullRequest(int number, String state, String sha, String association, String body) {
        github.stubFor(get(urlEqualTo("/repos/" + REPO + "/pulls/" + number)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"number": %d, "state": "%s", "draft": false, "merged": false, "body": %s,
                         "user": {"login": "Codertocat"}, "author_association": "%s", "labels": [],
                         "head": {"sha": "%s", "repo": {"full_name": "%s"}}, "html_url": "https://github.com/x"}"""
                        .formatted(number, state, body == null ? "null" : "\"" + body.replace("\n", "\\n") + "\"", association, sha, REPO))));
    }

    private void running(String appServerId) {
        for (AppServerStatus s : List.of(AppServerStatus.WAITING, AppServerStatus.CONFIGURING, AppServerStatus.RUNNING)) {
            core.appServers().transition(Principal.system("test"), appServerId, Set.of(AppServerStatus.values()), s,
                    server -> server.withVm(new AppServer.Vm("vm", "h", "127.0.0.1", 22, "http://127.0.0.1:1", null)));
        }
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
        GitHubWebhookHandler handler = new GitHubWebhookHandler(env, Adapters.NONE.with(Workflows.class, workflows));
        byte[] opened = Files.readAllBytes(LocalDynamo.repositoryRoot().resolve("functions/github/src/test/resources/webhooks/pull_request.opened.json"));
        String signature = new WebhookSignature("sample-webhook-secret").sign(opened);
        assertTrue(new String(call(handler, "pull_request", "d1", opened, null)).contains("\"statusCode\":401"));
        assertTrue(new String(call(handler, "pull_request", "d1", opened, "sha256=" + "0".repeat(64))).contains("\"statusCode\":401"));
        assertTrue(workflows.started.isEmpty(), "nothing starts without a valid signature");
        assertTrue(new String(call(handler, "pull_request", "d1", opened, signature)).contains("\"statusCode\":202"));
        assertEquals(1, workflows.started.size());
        assertEquals(GitHubWebhookHandler.SANDBOX_STATE_MACHINE, workflows.started.get(0).stateMachine());
        assertTrue(workflows.started.get(0).input().contains("\"action\":\"opened\""));
        assertTrue(new String(call(handler, "pull_request", "d1", opened, signature)).contains("duplicate"), "a redelivery has no effect");
        assertTrue(new String(call(handler, "pull_request", "d2", opened, signature)).contains("\"statusCode\":202"));
        assertEquals(1, workflows.started.size(), "the same (PR, commit, action) starts one execution");
        byte[] ping = Files.readAllBytes(LocalDynamo.repositoryRoot().resolve("functions/github/src/test/resources/webhooks/ping.json"));
        assertTrue(new String(call(handler, "ping", "d3", ping, new WebhookSignature("sample-webhook-secret").sign(ping))).contains("\"statusCode\":200"));
        // The sample event in events/ is signed with the documented sample secret.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(Files.newInputStream(LocalDynamo.repositoryRoot().resolve("events/api/github-webhook.json")), out, null);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"statusCode\":202"), out.toString());
        assertEquals(1, workflows.started.size(), "another delivery of the same event: still one execution");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"opened", "reopened", "ready_for_review", "labeled", "synchronize", "closed",
            "converted_to_draft", "unlabeled", "opened.with-null-body", "opened.with-organization", "closed.with-organization"})
    void everyHandledActionOfTheFixturesStartsOneExecution(String fixture) throws Exception {
        GitHubWebhookHandler handler = new GitHubWebhookHandler(env, Adapters.NONE.with(Workflows.class, workflows));
        byte[] body = Files.readAllBytes(LocalDynamo.repositoryRoot().resolve("functions/github/src/test/resources/webhooks/pull_request." + fixture + ".json"));
        String signature = new WebhookSignature("sample-webhook-secret").sign(body);
        String answer = new String(call(handler, "pull_request", "delivery-" + fixture, body, signature), StandardCharsets.UTF_8);
        boolean watched = !fixture.contains("with-organization") || answer.contains("accepted");
        assertTrue(answer.contains("\"statusCode\":202"), answer);
        if (watched) {
            assertEquals(1, workflows.started.size(), answer);
            assertTrue(workflows.started.get(0).input().contains("\"action\":\"" + fixture.split("\\.")[0] + "\""));
        }
    }

    @Test
    void anOpenedPullRequestGetsASandboxThatIsActivatedWhenRunning() {
        pullRequest(2, "open", "a".repeat(40), "OWNER", "Please\n**Settings**\n```yaml\nDEBUG: true\n```\n");
        Map<String, Object> handled = steps.handle(REPO, 2, "opened");
        String appServerId = (String) handled.get("appServerId");
        Instance sandbox = core.instanceStore().get((String) handled.get("instanceId"));
        assertTrue(sandbox.isSandbox());
        assertTrue(sandbox.domains().lms().startsWith("pr2-hello-world-") && sandbox.domains().lms().endsWith(".sandboxes.example.com"));
        assertTrue(sandbox.settings().extraSettings().contains("DEBUG: true"), "the PR's settings win over the defaults");
        github.verify(postRequestedFor(urlEqualTo("/repos/" + REPO + "/statuses/" + "a".repeat(40)))
                .withRequestBody(matchingJsonPath("$.state", equalTo("pending"))));
        assertEquals("WAITING", steps.checkLaunch(appServerId, sandbox.id(), "a".repeat(40)).get("state"));
        running(appServerId);
        assertEquals("READY", steps.checkLaunch(appServerId, sandbox.id(), "a".repeat(40)).get("state"));
        steps.activate(appServerId, REPO, "a".repeat(40));
        assertEquals(List.of(appServerId), core.instanceStore().get(sandbox.id()).activeAppServerIds());
        github.verify(postRequestedFor(urlEqualTo("/repos/" + REPO + "/statuses/" + "a".repeat(40)))
                .withRequestBody(matchingJsonPath("$.state", equalTo("success"))));

        pullRequest(2, "closed", "a".repeat(40), "OWNER", null);
        steps.handle(REPO, 2, "closed");
        Instance closed = core.instanceStore().get(sandbox.id());
        assertTrue(closed.activeAppServerIds().isEmpty(), "a closed PR's sandbox goes dark at once");
        assertTrue(closed.pullRequest().closedAt() != null);
    }

    @Test
    void fiveRapidPushesEndWithTheNewestCommitActive() {
        List<String> servers = new java.util.ArrayList<>();
        String instanceId = null;
        for (int i = 1; i <= 5; i++) {
            pullRequest(7, "open", String.valueOf(i).repeat(40), "MEMBER", null);
            Map<String, Object> handled = steps.handle(REPO, 7, "synchronize");
            servers.add((String) handled.get("appServerId"));
            instanceId = (String) handled.get("instanceId");
        }
        for (String id : servers) {
            running(id);
        }
        for (int i = 0; i < 5; i++) {
            String sha = String.valueOf(i + 1).repeat(40);
            String state = (String) steps.checkLaunch(servers.get(i), instanceId, sha).get("state");
            if (i < 4) {
                assertEquals("SUPERSEDED", state);
                assertEquals(AppServerStatus.TERMINATED, core.appServerStore().get(servers.get(i)).status(), "older launches are cancelled");
            } else {
                assertEquals("READY", state);
                steps.activate(servers.get(i), REPO, sha);
            }
        }
        assertEquals(List.of(servers.get(4)), core.instanceStore().get(instanceId).activeAppServerIds());
    }

    @Test
    void outsidersForbiddenSettingsAndTheQuotaLaunchNothing() {
        pullRequest(3, "open", "b".repeat(40), "CONTRIBUTOR", null);
        assertTrue(steps.handle(REPO, 3, "opened").containsKey("done"), "an outsider's PR does not deploy");
        pullRequest(4, "open", "c".repeat(40), "OWNER", "**Settings**\n```yaml\nSECRET_KEY: x\n```");
        assertTrue(((String) steps.handle(REPO, 4, "opened").get("done")).contains("settings refused"));
        github.verify(postRequestedFor(urlEqualTo("/repos/" + REPO + "/statuses/" + "c".repeat(40)))
                .withRequestBody(matchingJsonPath("$.state", equalTo("failure")))
                .withRequestBody(matchingJsonPath("$.description", equalTo("Settings refused: These settings may not be set from a pull request: SECRET_KEY (allowed: DEBUG)"))));
        for (int n = 10; n <= 11; n++) {
            pullRequest(n, "open", "d".repeat(40), "OWNER", null);
            assertTrue(steps.handle(REPO, n, "opened").containsKey("appServerId"));
        }
        pullRequest(12, "open", "e".repeat(40), "OWNER", null);
        assertEquals("quota reached", steps.handle(REPO, 12, "opened").get("done"));
        assertFalse(workflows.started.stream().anyMatch(s -> s.input().contains("pr12")));
    }
}
