package dev.berth.workflow.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
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
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.domain.WatchedRepository;
import dev.berth.core.openedx.OpenEdxSecrets;
import dev.berth.core.sandbox.SandboxService;
import dev.berth.core.testing.RecordingWorkflows;
import dev.berth.core.testing.TestCore;
import dev.berth.core.testing.memory.InMemorySecretStore;
import dev.berth.github.rest.GitHubRestClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PullRequestSandboxTest {
    private static final String REPO = "Codertocat/Hello-World";
    private final RecordingWorkflows workflows = new RecordingWorkflows();
    private BerthCore core;
    private WireMockServer github;
    private SandboxService steps;

    @BeforeEach
    void setUp() {
        core = TestCore.create(workflows);
        github = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        github.start();
        github.stubFor(post(urlPathMatching("/repos/.*/statuses/.*")).willReturn(aResponse().withStatus(201).withBody("{}")));
        steps = new SandboxService(core.repositories().watchedRepositories(), core.repositories().instances(),
                core.repositories().appServers(), core.instances(), core.appServers(), core.activation(), core.fleet(), core.repositories().leases(),
                new GitHubRestClient("http://localhost:" + github.port(), "token"), core.config(), 1, "http://console.example/",
                core.repositories().profiles(), Clock.systemUTC());
        core.watchedRepositories().create(Principal.system("test"), new WatchedRepository(null, REPO, "sandboxes.example.com",
                "LANGUAGE_CODE: en\n", List.of("LANGUAGE_CODE"), null, null, null, null, Set.of("OWNER", "MEMBER"), null, 2, 7, true, null, null, 0));
    }

    @AfterEach
    void tearDown() {
        github.stop();
    }

    private void pullRequest(int number, String state, String sha, String association, String body) {
        pullRequest(number, state, sha, association, body, REPO);
    }

    private void pullRequest(int number, String state, String sha, String association, String body, String headRepository) {
        github.stubFor(get(urlEqualTo("/repos/" + REPO + "/pulls/" + number)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"number": %d, "state": "%s", "draft": false, "merged": false, "body": %s,
                         "user": {"login": "Codertocat"}, "author_association": "%s", "labels": [],
                         "head": {"sha": "%s", "repo": {"full_name": "%s"}}, "html_url": "https://github.com/x"}"""
                        .formatted(number, state, body == null ? "null" : "\"" + body.replace("\n", "\\n") + "\"", association, sha,
                                headRepository))));
    }

    private long launchesOf(String instanceId) {
        return core.repositories().appServers().listForInstance(instanceId, 100, null).items().size();
    }

    /** Runs the same call from many threads at once; returns what each returned. */
    private static <T> List<T> atOnce(int threads, java.util.function.IntFunction<T> call) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<T>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.apply(n);
                }));
            }
            start.countDown();
            List<T> out = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEventForACommitWhoseLaunchIsUnderWayLaunchesNothingUntilItFails() {
        pullRequest(21, "open", "f".repeat(40), "OWNER", null);
        SandboxService.Handled first = steps.handle(REPO, 21, "opened");
        assertTrue(first.appServerId() != null);
        for (String action : List.of("labeled", "edited", "reconcile")) {
            SandboxService.Handled again = steps.handle(REPO, 21, action);
            assertEquals(null, again.appServerId(), action);
            assertTrue(again.done().contains("under way"), again.done());
        }
        assertEquals(1, launchesOf(first.instanceId()));

        core.appServers().transition(Principal.system("test"), first.appServerId(), Set.of(AppServerStatus.NEW), AppServerStatus.ERROR,
                server -> server.withFailure("boom"));
        SandboxService.Handled retry = steps.handle(REPO, 21, "labeled");
        assertTrue(retry.appServerId() != null, "a failed launch of the commit is retried by the next event");
        assertEquals(2, launchesOf(first.instanceId()));
    }

    @Test
    void aSandboxStartsFromTheSandboxProfileUnderItsRepositorysOwnSettings() {
        new dev.berth.core.profile.ProfileService(core.repositories().profiles(), Clock.systemUTC()).create(Principal.system("test"),
                () -> new dev.berth.core.profile.SettingProfile(SandboxService.SANDBOX_PROFILE, "what every sandbox starts from",
                        java.util.Map.of("openedxRelease", "teak", "rebuildSchedule", "weekly", "edxPlatformRef", "release/teak",
                                "compute", java.util.Map.of("flavor", "m1.large")), null, null, 0));
        pullRequest(23, "open", "e".repeat(40), "OWNER", null);
        SandboxService.Handled handled = steps.handle(REPO, 23, "opened");
        Instance sandbox = core.repositories().instances().get(handled.instanceId());
        assertEquals("teak", sandbox.settings().openedxRelease(), "the watched repository names no release: the profile's");
        assertEquals(SandboxService.SANDBOX_PROFILE, sandbox.settings().profile());
        // Its launch applied the rest of the profile, but never over what the pull request decides.
        assertEquals("m1.large", sandbox.settings().compute().flavor(), "the profile's flavor");
        assertEquals("e".repeat(40), sandbox.settings().edxPlatformRef(), "the pull request's head commit, not the profile's ref");
        assertEquals("off", sandbox.settings().rebuildSchedule(), "a sandbox follows its pull request, not a schedule");
        assertEquals("m1.large", core.repositories().appServers().get(handled.appServerId()).settings().compute().flavor());
        steps.handle(REPO, 23, "labeled");
        assertEquals(1, launchesOf(handled.instanceId()), "the same commit again, its settings unchanged: no second launch");
    }

    @Test
    void concurrentEventsForOneCommitLaunchItOnce() throws Exception {
        pullRequest(22, "open", "9".repeat(40), "OWNER", null);
        List<SandboxService.Handled> created = atOnce(8, i -> steps.handle(REPO, 22, i % 2 == 0 ? "opened" : "labeled"));
        assertEquals(1, created.stream().filter(h -> h.appServerId() != null).count(), created.toString());
        String instanceId = created.stream().filter(h -> h.appServerId() != null).findFirst().orElseThrow().instanceId();
        assertEquals(1, launchesOf(instanceId));

        pullRequest(22, "open", "8".repeat(40), "OWNER", null);
        List<SandboxService.Handled> pushed = atOnce(8, i -> steps.handle(REPO, 22, "synchronize"));
        assertEquals(1, pushed.stream().filter(h -> h.appServerId() != null).count(), pushed.toString());
        assertEquals(2, launchesOf(instanceId), "one launch per head commit");
    }

    @Test
    void concurrentPullRequestsCannotExceedTheQuota() throws Exception {
        for (int n = 30; n < 36; n++) {
            pullRequest(n, "open", "7".repeat(40), "OWNER", null);
        }
        List<SandboxService.Handled> results = atOnce(6, i -> steps.handle(REPO, 30 + i, "opened"));
        assertEquals(2, results.stream().filter(h -> h.appServerId() != null).count(), results.toString());
        assertEquals(4, results.stream().filter(h -> "quota reached".equals(h.done())).count(), results.toString());
        assertEquals(2, core.repositories().instances().list(InstanceStatus.ACTIVE, null, 100, null).items().stream().filter(Instance::isSandbox).count());
    }

    @Test
    void forkPullRequestsOfMembersNeverGetTheRepositorysSecrets() {
        InMemorySecretStore store = new InMemorySecretStore();
        store.put(OpenEdxSecrets.repositoryPrefix(REPO) + "OPENAI_API_KEY", "repository-secret");
        OpenEdxSecrets secrets = new OpenEdxSecrets(store);

        pullRequest(40, "open", "1".repeat(40), "MEMBER", null);
        Instance own = core.repositories().instances().get(steps.handle(REPO, 40, "opened").instanceId());
        assertFalse(own.pullRequest().fromFork());
        assertEquals(Map.of("OPENAI_API_KEY", "repository-secret"), secrets.userSecrets(own));

        pullRequest(41, "open", "2".repeat(40), "MEMBER", null, "member/Hello-World");
        Instance fork = core.repositories().instances().get(steps.handle(REPO, 41, "opened").instanceId());
        assertTrue(fork.pullRequest().fromFork());
        assertTrue(fork.settings().edxPlatformRepo().contains("member/Hello-World"), "it deploys the fork's code");
        assertEquals(Map.of(), secrets.userSecrets(fork), "a fork's code never sees the repository's secrets");

        store.put(OpenEdxSecrets.userPrefix(fork.id()) + "SMTP_PASSWORD", "its-own");
        assertEquals(Map.of("SMTP_PASSWORD", "its-own"), secrets.userSecrets(fork), "its own secrets still reach it");
    }

    private void running(String appServerId) {
        for (AppServerStatus s : List.of(AppServerStatus.WAITING, AppServerStatus.CONFIGURING, AppServerStatus.RUNNING)) {
            core.appServers().transition(Principal.system("test"), appServerId, Set.of(AppServerStatus.values()), s,
                    server -> server.withVm(new AppServer.Vm("vm", "h", "127.0.0.1", 22, "http://127.0.0.1:1", null)));
        }
    }

    @Test
    void anOpenedPullRequestGetsASandboxThatIsActivatedWhenRunning() {
        pullRequest(2, "open", "a".repeat(40), "OWNER", "Please\n**Settings**\n```yaml\nLANGUAGE_CODE: fr\n```\n");
        SandboxService.Handled handled = steps.handle(REPO, 2, "opened");
        String appServerId = handled.appServerId();
        Instance sandbox = core.repositories().instances().get(handled.instanceId());
        assertTrue(sandbox.isSandbox());
        assertTrue(sandbox.domains().lms().startsWith("pr2-hello-world-") && sandbox.domains().lms().endsWith(".sandboxes.example.com"));
        assertTrue(sandbox.settings().extraSettings().contains("LANGUAGE_CODE: fr"), "the PR's settings win over the defaults");
        github.verify(postRequestedFor(urlEqualTo("/repos/" + REPO + "/statuses/" + "a".repeat(40)))
                .withRequestBody(matchingJsonPath("$.state", equalTo("pending"))));
        assertEquals("WAITING", steps.checkLaunch(appServerId, sandbox.id(), "a".repeat(40)).state());
        running(appServerId);
        assertEquals("READY", steps.checkLaunch(appServerId, sandbox.id(), "a".repeat(40)).state());
        steps.activate(appServerId, REPO, "a".repeat(40));
        assertEquals(List.of(appServerId), core.repositories().instances().get(sandbox.id()).activeAppServerIds());
        github.verify(postRequestedFor(urlEqualTo("/repos/" + REPO + "/statuses/" + "a".repeat(40)))
                .withRequestBody(matchingJsonPath("$.state", equalTo("success"))));

        pullRequest(2, "closed", "a".repeat(40), "OWNER", null);
        steps.handle(REPO, 2, "closed");
        Instance closed = core.repositories().instances().get(sandbox.id());
        assertTrue(closed.activeAppServerIds().isEmpty(), "a closed PR's sandbox goes dark at once");
        assertTrue(closed.pullRequest().closedAt() != null);
    }

    @Test
    void aPullRequestChoosesPersistentDatabasesOnlyWhereItsRepositoryAllowsIt() {
        pullRequest(30, "open", "1".repeat(40), "OWNER", "**Settings**\n```yaml\ndatabases: persistent\n```");
        assertTrue(steps.handle(REPO, 30, "opened").done().contains("settings refused"), "this repository keeps them ephemeral");
        github.verify(postRequestedFor(urlEqualTo("/repos/" + REPO + "/statuses/" + "1".repeat(40)))
                .withRequestBody(matchingJsonPath("$.description", containing("may not be set from a pull request: databases"))));
        assertTrue(core.repositories().instances().list(dev.berth.core.domain.InstanceStatus.ACTIVE, null, 100, null).items().isEmpty(), "nothing created");

        String open = "Open/Policy";
        core.watchedRepositories().create(Principal.system("test"), new WatchedRepository(null, open, "sandboxes.example.com", "",
                List.of("LANGUAGE_CODE", "databases"), null, null, null, null, Set.of("OWNER"), null, 2, 7, true, null, null, 0));
        github.stubFor(get(urlEqualTo("/repos/" + open + "/pulls/31")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("""
                        {"number": 31, "state": "open", "draft": false, "merged": false,
                         "body": "**Settings**\\n```yaml\\ndatabases: persistent\\nLANGUAGE_CODE: de\\n```",
                         "user": {"login": "Codertocat"}, "author_association": "OWNER", "labels": [],
                         "head": {"sha": "%s", "repo": {"full_name": "%s"}}, "html_url": "https://github.com/x"}""".formatted("2".repeat(40), open))));
        Instance persistent = core.repositories().instances().get(steps.handle(open, 31, "opened").instanceId());
        assertFalse(persistent.settings().ephemeralDatabases(), "the PR chose persistent databases, as its repository allows");
        assertFalse(persistent.settings().extraSettings().contains("databases"), "Berth's own key never reaches Tutor");
        assertTrue(persistent.settings().extraSettings().contains("LANGUAGE_CODE: de"));

        pullRequest(32, "open", "3".repeat(40), "OWNER", null);
        assertTrue(core.repositories().instances().get(steps.handle(REPO, 32, "opened").instanceId()).settings().ephemeralDatabases(),
                "without a choice a sandbox's databases are ephemeral");
        github.stubFor(get(urlEqualTo("/repos/" + open + "/pulls/33")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("""
                        {"number": 33, "state": "open", "draft": false, "merged": false, "body": "**Settings**\\n```yaml\\ndatabases: sometimes\\n```",
                         "user": {"login": "Codertocat"}, "author_association": "OWNER", "labels": [],
                         "head": {"sha": "%s", "repo": {"full_name": "%s"}}, "html_url": "https://github.com/x"}""".formatted("4".repeat(40), open))));
        assertTrue(steps.handle(open, 33, "opened").done().contains("databases must be ephemeral or persistent, not 'sometimes'"));
    }

    @Test
    void fiveRapidPushesEndWithTheNewestCommitActive() {
        List<String> servers = new java.util.ArrayList<>();
        String instanceId = null;
        for (int i = 1; i <= 5; i++) {
            pullRequest(7, "open", String.valueOf(i).repeat(40), "MEMBER", null);
            SandboxService.Handled handled = steps.handle(REPO, 7, "synchronize");
            servers.add(handled.appServerId());
            instanceId = handled.instanceId();
        }
        for (String id : servers) {
            running(id);
        }
        for (int i = 0; i < 5; i++) {
            String sha = String.valueOf(i + 1).repeat(40);
            String state = steps.checkLaunch(servers.get(i), instanceId, sha).state();
            if (i < 4) {
                assertEquals("SUPERSEDED", state);
                assertEquals(AppServerStatus.TERMINATED, core.repositories().appServers().get(servers.get(i)).status(), "older launches are cancelled");
            } else {
                assertEquals("READY", state);
                steps.activate(servers.get(i), REPO, sha);
            }
        }
        assertEquals(List.of(servers.get(4)), core.repositories().instances().get(instanceId).activeAppServerIds());
    }

    @Test
    void outsidersForbiddenSettingsAndTheQuotaLaunchNothing() {
        pullRequest(3, "open", "b".repeat(40), "CONTRIBUTOR", null);
        assertTrue(steps.handle(REPO, 3, "opened").done() != null, "an outsider's PR does not deploy");
        pullRequest(4, "open", "c".repeat(40), "OWNER", "**Settings**\n```yaml\nSECRET_KEY: x\n```");
        assertTrue(steps.handle(REPO, 4, "opened").done().contains("settings refused"));
        github.verify(postRequestedFor(urlEqualTo("/repos/" + REPO + "/statuses/" + "c".repeat(40)))
                .withRequestBody(matchingJsonPath("$.state", equalTo("failure")))
                .withRequestBody(matchingJsonPath("$.description", equalTo("Settings refused: These settings may not be set from a pull request: SECRET_KEY (allowed: LANGUAGE_CODE)"))));
        for (int n = 10; n <= 11; n++) {
            pullRequest(n, "open", "d".repeat(40), "OWNER", null);
            assertTrue(steps.handle(REPO, n, "opened").appServerId() != null);
        }
        pullRequest(12, "open", "e".repeat(40), "OWNER", null);
        assertEquals("quota reached", steps.handle(REPO, 12, "opened").done());
        assertFalse(workflows.started.stream().anyMatch(s -> s.input().contains("pr12")));
    }
}
