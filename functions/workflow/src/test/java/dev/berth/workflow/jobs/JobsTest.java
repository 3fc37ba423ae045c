package dev.berth.workflow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.BerthCore;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.Instance;
import dev.berth.core.jobs.CleanupAppServersJob;
import dev.berth.core.jobs.JobReport;
import dev.berth.core.jobs.JobRunner;
import dev.berth.core.jobs.StuckAppServersJob;
import dev.berth.core.repository.Leases;
import dev.berth.core.testing.RecordingWorkflows;
import dev.berth.core.testing.TestCore;
import dev.berth.workflow.TestWorkflow;
import dev.berth.workflow.WorkflowRoot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobsTest {
    private final RecordingWorkflows workflows = new RecordingWorkflows();
    private final BerthCore core = TestCore.create(workflows);
    private final WorkflowRoot root = TestWorkflow.root(core.repositories(), workflows);
    private final Principal system = Principal.system("test");

    /** Seeds an app server with the given status, age and activity. */
    private AppServer seed(Instance instance, AppServerStatus status, boolean active, Duration age) {
        Instant at = Instant.now().minus(age);
        AppServer server = new AppServer("as-" + status.wireName() + "-" + age.toMinutes() + "-" + active, instance.id(), status, active,
                instance.settings(), AppServer.Vm.NONE, AppServer.Deployment.NONE, null, null, at, at, 1);
        core.repositories().appServers().create(server, new AuditEntry(server.id(), "appserver", "seed", "test", at, null, 1L, "seed"));
        workflows.start("LaunchAppServer", server.id(), "{}"); // its launch execution runs
        return server;
    }

    @Test
    void cleanupTerminatesOldBrokenAndIdleServersButKeepsAFallback() {
        Instance instance = core.instances().create(system, TestCore.settings("Demo", "demo"));
        AppServer oldFailed = seed(instance, AppServerStatus.FAILED, false, Duration.ofDays(3));
        AppServer recentError = seed(instance, AppServerStatus.ERROR, false, Duration.ofHours(5));
        AppServer newestIdle = seed(instance, AppServerStatus.RUNNING, false, Duration.ofDays(4));
        AppServer olderIdle = seed(instance, AppServerStatus.RUNNING, false, Duration.ofDays(5));
        AppServer active = seed(instance, AppServerStatus.RUNNING, true, Duration.ofDays(9));
        CleanupAppServersJob job = new CleanupAppServersJob(core.fleet(), core.activation(),
                core.appServers(), Duration.ofDays(2), Clock.systemUTC());
        JobReport report = job.run();
        assertEquals(5, report.examined());
        assertEquals(AppServerStatus.TERMINATED, core.repositories().appServers().get(oldFailed.id()).status());
        assertEquals(AppServerStatus.TERMINATED, core.repositories().appServers().get(olderIdle.id()).status());
        assertEquals(AppServerStatus.ERROR, core.repositories().appServers().get(recentError.id()).status(), "too recent");
        assertEquals(AppServerStatus.RUNNING, core.repositories().appServers().get(newestIdle.id()).status(), "the newest idle one is the fallback");
        assertEquals(AppServerStatus.RUNNING, core.repositories().appServers().get(active.id()).status());
        assertEquals(2, report.changed());
        assertEquals(2, workflows.started.stream().filter(s -> s.stateMachine().equals("TerminateAppServer")).count(), "their VMs get deleted");
        assertEquals(0, job.run().changed(), "a second run has nothing left to do");
    }

    @Test
    void stuckLaunchesAreMarkedError() {
        Instance instance = core.instances().create(system, TestCore.settings("Demo", "demo"));
        AppServer stuckWaiting = seed(instance, AppServerStatus.WAITING, false, Duration.ofHours(2));
        AppServer slowButFine = seed(instance, AppServerStatus.CONFIGURING, false, Duration.ofHours(2));
        AppServer stuckDeploy = seed(instance, AppServerStatus.CONFIGURING, false, Duration.ofHours(3));
        JobReport report = new StuckAppServersJob(core.fleet(), core.appServers(), workflows,
                Duration.ofMinutes(75), Duration.ofMinutes(165), Clock.systemUTC()).run();
        assertEquals(2, report.changed(), report.toString());
        assertEquals(AppServerStatus.ERROR, core.repositories().appServers().get(stuckWaiting.id()).status());
        assertTrue(core.repositories().appServers().get(stuckWaiting.id()).failureReason().contains("launch stopped"));
        assertEquals(AppServerStatus.CONFIGURING, core.repositories().appServers().get(slowButFine.id()).status());
        assertEquals(AppServerStatus.ERROR, core.repositories().appServers().get(stuckDeploy.id()).status());
    }

    /** Regression (issue 18.7): a launch whose execution died stayed configuring for the whole 165-minute deadline. */
    @Test
    void aLaunchWhoseExecutionNoLongerRunsIsMarkedErrorAtOnce() {
        Instance instance = core.instances().create(system, TestCore.settings("Demo", "demo"));
        AppServer crashed = seed(instance, AppServerStatus.CONFIGURING, false, Duration.ofMinutes(10));
        AppServer lost = seed(instance, AppServerStatus.WAITING, false, Duration.ofMinutes(11));
        AppServer healthy = seed(instance, AppServerStatus.CONFIGURING, false, Duration.ofMinutes(12));
        workflows.end("LaunchAppServer", crashed.id(), "FAILED");
        workflows.started.removeIf(s -> s.executionName().equals(lost.id()));
        JobReport report = new StuckAppServersJob(core.fleet(), core.appServers(), workflows, Duration.ofMinutes(75),
                Duration.ofMinutes(165), Clock.systemUTC()).run();
        assertEquals(2, report.changed(), report.toString());
        AppServer crashedAfter = core.repositories().appServers().get(crashed.id());
        assertEquals(AppServerStatus.ERROR, crashedAfter.status());
        assertTrue(crashedAfter.failureReason().contains("launch execution ended FAILED"), crashedAfter.failureReason());
        assertTrue(core.repositories().appServers().get(lost.id()).failureReason().contains("does not exist"));
        assertEquals(AppServerStatus.CONFIGURING, core.repositories().appServers().get(healthy.id()).status());
    }

    @Test
    void aJobRunsOnceAtATime() {
        Leases leases = core.repositories().leases();
        Instant now = Instant.now();
        assertTrue(leases.acquire("job:stuck-appservers", "someone-else", Duration.ofMinutes(15), now));
        JobRunner runner = root.jobRunner();
        JobReport skipped = runner.run("stuck-appservers");
        assertTrue(skipped.skipped());
        assertFalse(leases.acquire("job:stuck-appservers", "third", Duration.ofMinutes(15), now.plusSeconds(60)));
        assertTrue(leases.acquire("job:stuck-appservers", "third", Duration.ofMinutes(15), now.plus(Duration.ofMinutes(16))),
                "a crashed holder's lease runs out");
        leases.release("job:stuck-appservers", "third");
        assertFalse(runner.run("stuck-appservers").skipped());
    }

    @Test
    void schedulesRunJobsThroughTheHandler() throws Exception {
        JobsHandler handler = new JobsHandler(root);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream("{\"job\":\"cleanup-appservers\"}".getBytes(StandardCharsets.UTF_8)), out, null);
        JobReport report = dev.berth.core.json.Json.MAPPER.readValue(out.toByteArray(), JobReport.class);
        assertEquals("cleanup-appservers", report.job(), "the report the API's run-now route reads back");
        assertEquals(dev.berth.core.jobs.JobNames.ALL, root.jobRunner().names(), "every job the API may ask for is there");
        // The sample schedule events in events/ work as they are.
        java.nio.file.Path events = dev.berth.core.testing.TestCore.repositoryRoot().resolve("events");
        for (String job : List.of("cleanup-appservers", "stuck-appservers")) {
            out.reset();
            handler.handleRequest(java.nio.file.Files.newInputStream(events.resolve("schedule/" + job + ".json")), out, null);
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"job\":\"" + job + "\""), out.toString());
        }
    }
}
