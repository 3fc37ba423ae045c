package dev.berth.workflow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.BerthCore;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.domain.WatchedRepository;
import dev.berth.core.jobs.ArchiveClosedSandboxesJob;
import dev.berth.core.jobs.JobReport;
import dev.berth.core.jobs.OrphanVmsJob;
import dev.berth.core.jobs.ReconcilePullRequestsJob;
import dev.berth.core.port.GitHub;
import dev.berth.core.port.Workflows;
import dev.berth.core.port.compute.BootRequest;
import dev.berth.core.port.compute.ServerInfo;
import dev.berth.core.port.github.PullRequestInfo;
import dev.berth.core.repository.Fleet;
import dev.berth.core.testing.RecordingWorkflows;
import dev.berth.core.testing.TestCore;
import dev.berth.localcloud.LocalComputeProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetJobsTest {
    private final RecordingWorkflows workflows = new RecordingWorkflows();
    private final BerthCore core = TestCore.create(workflows);
    private final Principal system = Principal.system("test");
    private final Fleet fleet = core.fleet();

    private WatchedRepository watch(String name, int keepDays) {
        return core.watchedRepositories().create(system, new WatchedRepository(null, name, "sandboxes.example.com", null, List.of(), null,
                null, null, null, Set.of("OWNER"), null, 5, keepDays, true, null, null, 0));
    }

    private Instance sandbox(String repo, int number, Instant closedAt) {
        Instance created = core.instances().createSandbox(system, TestCore.settings(repo + "#" + number, "pr" + number + "-x"),
                new Instance.PullRequestSource(repo, number, "a".repeat(40), null));
        return closedAt == null ? created : core.instances().updatePullRequest(system, created,
                new Instance.PullRequestSource(repo, number, "a".repeat(40), closedAt), created.settings());
    }

    @Test
    void sandboxesClosedLongerThanTheirRepositoryKeepsThemAreArchived() {
        watch("org/app", 3);
        Instant now = Instant.parse("2026-11-24T12:00:00Z");
        Instance old = sandbox("org/app", 1, now.minus(Duration.ofDays(4)));
        Instance recent = sandbox("org/app", 2, now.minus(Duration.ofDays(1)));
        Instance open = sandbox("org/app", 3, null);
        AppServer server = core.appServers().launch(system, old.id());
        JobReport report = new ArchiveClosedSandboxesJob(fleet, core.repositories().watchedRepositories(), core.instances(), core.activation(),
                core.appServers(), Clock.fixed(now, ZoneOffset.UTC)).run();
        assertEquals(1, report.changed(), report.toString());
        assertEquals(InstanceStatus.ARCHIVED, core.repositories().instances().get(old.id()).status());
        assertEquals(AppServerStatus.TERMINATED, core.repositories().appServers().get(server.id()).status());
        assertEquals(InstanceStatus.ACTIVE, core.repositories().instances().get(recent.id()).status());
        assertEquals(InstanceStatus.ACTIVE, core.repositories().instances().get(open.id()).status());
    }

    @Test
    void orphanVmsAreDeletedLiveOnesKept(@TempDir Path root) {
        LocalComputeProvider cloud = new LocalComputeProvider(root, null, Duration.ZERO, Clock.systemUTC());
        try {
            Instance instance = core.instances().create(system, TestCore.settings("Demo", "demo"));
            AppServer live = core.appServers().launch(system, instance.id());
            ServerInfo liveVm = cloud.boot(new BootRequest(live.id(), "live", "", "", "", List.of(), "", Map.of(ServerInfo.APP_SERVER_TAG, live.id())));
            core.appServers().update(live.id(), s -> s.withVm(new AppServer.Vm(liveVm.id(), "live", null, null, null, null)));
            ServerInfo orphan = cloud.boot(new BootRequest("as-gone", "gone", "", "", "", List.of(), "", Map.of(ServerInfo.APP_SERVER_TAG, "as-gone")));
            AppServer dead = new AppServer("as-dead", instance.id(), AppServerStatus.TERMINATED, false, instance.settings(),
                    AppServer.Vm.NONE, AppServer.Deployment.NONE, null, null, Instant.now(), Instant.now(), 1);
            core.repositories().appServers().create(dead, new AuditEntry(dead.id(), "appserver", "seed", "test", Instant.now(), null, 1L, ""));
            ServerInfo leftover = cloud.boot(new BootRequest("as-dead", "dead", "", "", "", List.of(), "", Map.of(ServerInfo.APP_SERVER_TAG, "as-dead")));
            OrphanVmsJob tooYoung = new OrphanVmsJob(() -> cloud, core.repositories().appServers(), core.repositories().nodes(), Duration.ofHours(1), Clock.systemUTC());
            assertEquals(0, tooYoung.run().changed(), "a VM younger than the threshold may still be booting for a step");
            JobReport report = new OrphanVmsJob(() -> cloud, core.repositories().appServers(), core.repositories().nodes(), Duration.ZERO,
                    Clock.offset(Clock.systemUTC(), Duration.ofSeconds(1))).run();
            assertEquals(2, report.changed(), report.toString());
            assertEquals(List.of(liveVm.id()), cloud.listManaged().stream().map(ServerInfo::id).toList());
            assertTrue(report.actions().stream().anyMatch(a -> a.contains(orphan.id())) && report.actions().stream().anyMatch(a -> a.contains(leftover.id())));
        } finally {
            cloud.close();
        }
    }

    @Test
    void reconcileStartsWhatMissedWebhooksShouldHave() {
        watch("org/app", 7);
        sandbox("org/app", 9, null); // its PR is no longer open
        GitHub github = new GitHub() {
            @Override
            public PullRequestInfo pullRequest(String repository, int number) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<PullRequestInfo> openPullRequests(String repository) {
                return List.of(new PullRequestInfo(repository, 4, "open", false, false, "b".repeat(40), repository, null, "dev", "OWNER",
                        List.of(), null));
            }

            @Override
            public void reportStatus(String repository, String sha, String state, String targetUrl, String description) {
            }

            @Override
            public boolean isMember(String organization, String team, String login) {
                return false;
            }

            @Override
            public List<String> memberKeys(String organization, String team) {
                return List.of();
            }
        };
        ReconcilePullRequestsJob job = new ReconcilePullRequestsJob(core.repositories().watchedRepositories(), fleet, () -> github, core.sandboxExecutions());
        JobReport report = job.run();
        assertEquals(2, report.changed(), report.toString());
        var sandboxRuns = workflows.started.stream().filter(s -> s.stateMachine().equals("PullRequestSandbox")).toList();
        assertTrue(sandboxRuns.stream().anyMatch(s -> s.input().contains("\"number\":4") && s.input().contains("reconcile")));
        assertTrue(sandboxRuns.stream().anyMatch(s -> s.input().contains("\"number\":9") && s.input().contains("closed")));
        assertEquals(0, job.run().changed(), "at most once per commit");
    }
}
