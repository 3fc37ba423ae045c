package dev.berth.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.BerthCore;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.Instance;
import dev.berth.core.error.BerthException;
import dev.berth.core.testing.RecordingWorkflows;
import dev.berth.core.testing.TestCore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class ActivationServiceTest {
    private static final Principal MANAGER = new Principal("m", "manager", Role.MANAGER);
    private final RecordingWorkflows workflows = new RecordingWorkflows();
    private final BerthCore core = TestCore.create(workflows);

    private AppServer running(Instance instance) {
        AppServer launched = core.appServers().launch(MANAGER, instance.id());
        for (AppServerStatus next : List.of(AppServerStatus.WAITING, AppServerStatus.CONFIGURING, AppServerStatus.RUNNING)) {
            core.appServers().transition(MANAGER, launched.id(), Set.of(AppServerStatus.values()), next, s -> s);
        }
        return core.repositories().appServers().get(launched.id());
    }

    @Test
    void launchSnapshotsSettingsAndStartsOneNamedExecution() {
        Instance instance = core.instances().create(MANAGER, TestCore.settings("Demo", "demo"));
        AppServer server = core.appServers().launch(MANAGER, instance.id());
        assertEquals(AppServerStatus.NEW, server.status());
        assertEquals(instance.settings(), server.settings());
        var launches = workflows.started.stream().filter(w -> w.stateMachine().equals(AppServerService.LAUNCH_STATE_MACHINE)).toList();
        assertEquals(1, launches.size());
        assertEquals(server.id(), launches.get(0).executionName());
        assertTrue(workflows.started.stream().anyMatch(w -> w.stateMachine().equals(RoutingRequests.STATE_MACHINE)),
                "a new instance gets its being-set-up page");
        core.instances().changeSettings(MANAGER, instance.id(), 1L, s -> TestCore.settings("Renamed", "demo"));
        assertEquals("Demo", core.repositories().appServers().get(server.id()).settings().name(), "later edits affect new app servers only");
    }

    @Test
    void activatingSwitchesTheActiveSetAndAsksForRouting() {
        Instance instance = core.instances().create(MANAGER, TestCore.settings("Demo", "demo"));
        AppServer a = running(instance);
        AppServer b = running(instance);
        assertThrows(BerthException.class, () -> core.activation().activate(MANAGER, a.id(), a.version() - 1));
        core.activation().activate(MANAGER, a.id(), a.version());
        assertEquals(List.of(a.id()), core.repositories().instances().get(instance.id()).activeAppServerIds());
        AppServer bActive = core.activation().activate(MANAGER, b.id(), b.version());
        assertTrue(bActive.active());
        assertFalse(core.repositories().appServers().get(a.id()).active(), "one active app server unless the instance allows more");
        assertEquals(List.of(b.id()), core.repositories().instances().get(instance.id()).activeAppServerIds());
        assertEquals(2, workflows.started.stream().filter(s -> s.stateMachine().equals(ActivationService.ROUTING_STATE_MACHINE)
                && s.executionName().matches(".*-v\\d+") && s.input().contains("previousActive")).count(), "one gated sync per activation");
    }

    @Test
    void onlyRunningServersActivateAndActiveOnesCannotBeTerminated() {
        Instance instance = core.instances().create(MANAGER, TestCore.settings("Demo", "demo"));
        AppServer fresh = core.appServers().launch(MANAGER, instance.id());
        assertEquals("not_running", assertThrows(BerthException.class, () -> core.activation().activate(MANAGER, fresh.id(), null)).code());
        AppServer a = running(instance);
        AppServer active = core.activation().activate(MANAGER, a.id(), null);
        assertEquals("app_server_active", assertThrows(BerthException.class,
                () -> core.activation().terminate(MANAGER, a.id(), active.version(), core.appServers())).code());
        assertEquals("last_active_app_server", assertThrows(BerthException.class,
                () -> core.activation().deactivate(MANAGER, a.id(), active.version())).code(), "production stays up");
        AppServer terminated = core.activation().terminate(MANAGER, fresh.id(), null, core.appServers());
        assertEquals(AppServerStatus.TERMINATED, terminated.status());
        assertTrue(workflows.started.stream().anyMatch(s -> s.stateMachine().equals(ActivationService.TERMINATE_STATE_MACHINE)));
    }

    @Test
    void archivingTakesTheInstanceDownAndTerminatesItsServers() {
        Instance instance = core.instances().create(MANAGER, TestCore.settings("Demo", "demo"));
        AppServer a = running(instance);
        AppServer b = running(instance);
        core.activation().activate(MANAGER, a.id(), null);
        Instance current = core.repositories().instances().get(instance.id());
        assertEquals(dev.berth.core.error.BerthException.Kind.PRECONDITION_FAILED, assertThrows(BerthException.class,
                () -> core.archive().archive(MANAGER, instance.id(), current.version() - 1, false)).kind());
        Instance archived = core.archive().archive(MANAGER, instance.id(), current.version(), false);
        assertEquals(dev.berth.core.domain.InstanceStatus.ARCHIVED, archived.status());
        assertTrue(archived.activeAppServerIds().isEmpty());
        assertEquals(AppServerStatus.TERMINATED, core.repositories().appServers().get(a.id()).status());
        assertEquals(AppServerStatus.TERMINATED, core.repositories().appServers().get(b.id()).status());
        assertEquals(2, workflows.started.stream().filter(s -> s.stateMachine().equals(ActivationService.TERMINATE_STATE_MACHINE)).count());
    }

    @Test
    void twoConcurrentActivationsWithTheSameEtagHaveOneWinner() throws Exception {
        Instance instance = core.instances().create(MANAGER, TestCore.settings("Demo", "demo"));
        AppServer a = running(instance);
        CountDownLatch go = new CountDownLatch(1);
        Callable<String> click = () -> {
            go.await();
            try {
                core.activation().activate(MANAGER, a.id(), a.version());
                return "won";
            } catch (BerthException e) {
                return e.kind().name();
            }
        };
        var pool = Executors.newFixedThreadPool(2);
        var first = pool.submit(click);
        var second = pool.submit(click);
        go.countDown();
        List<String> outcomes = List.of(first.get(), second.get());
        pool.shutdown();
        assertEquals(1, outcomes.stream().filter("won"::equals).count(), outcomes.toString());
        assertEquals(a.version() + 1, core.repositories().appServers().get(a.id()).version());
    }

    /**
     * A core whose app server reads run {@code between[0]} once, right after the read: another
     * request landing between a read and the write that follows. Returns the running server.
     */
    private AppServer racedServer(dev.berth.core.repository.Repositories base, Runnable[] between, BerthCore[] racedCore) {
        dev.berth.core.repository.AppServers hooked = new dev.berth.core.repository.AppServers() {
            @Override
            public java.util.Optional<AppServer> find(String id) {
                java.util.Optional<AppServer> found = base.appServers().find(id);
                Runnable hook = between[0];
                between[0] = null;
                if (hook != null) {
                    hook.run(); // someone activates it right after the terminate read it
                }
                return found;
            }

            @Override
            public void create(AppServer server, dev.berth.core.audit.AuditEntry entry) {
                base.appServers().create(server, entry);
            }

            @Override
            public void update(AppServer before, AppServer after, dev.berth.core.audit.AuditEntry entry) {
                base.appServers().update(before, after, entry);
            }

            @Override
            public dev.berth.core.repository.Page<AppServer> listForInstance(String instanceId, int limit, String cursor) {
                return base.appServers().listForInstance(instanceId, limit, cursor);
            }

            @Override
            public List<AppServer> getAll(List<String> ids) {
                return base.appServers().getAll(ids);
            }
        };
        BerthCore raced = TestCore.create(new dev.berth.core.repository.Repositories(base.instances(), hooked, base.logs(), base.activeSets(),
                base.tokens(), base.watchedRepositories(), base.audit(), base.leases(), base.dataServers(), base.dataSets(), base.backups(),
                base.nodes(), base.services(), base.codeItems(), base.sites(), base.siteRoutes(), base.siteCommands(),
                base.commandExecutions(), base.siteStatistics(), base.incidents(), base.campaigns(), base.profiles(), base.dnsPublications(), base.certificates(), base.reportRuns(), base.vmPool(),
                base.routingQueue()),
                workflows);
        Instance instance = raced.instances().create(MANAGER, TestCore.settings("Demo", "demo"));
        AppServer launched = raced.appServers().launch(MANAGER, instance.id());
        for (AppServerStatus next : List.of(AppServerStatus.WAITING, AppServerStatus.CONFIGURING, AppServerStatus.RUNNING)) {
            raced.appServers().transition(MANAGER, launched.id(), Set.of(AppServerStatus.values()), next, s -> s);
        }
        racedCore[0] = raced;
        return base.appServers().get(launched.id());
    }

    /** Regression (found by the suite: two clicks with one ETag both activated): the write must be at the version the If-Match checked. */
    @Test
    void twoActivationsWithOneEtagOneWinsEvenWhenTheSecondReadsAfterTheFirstWrote() {
        dev.berth.core.repository.Repositories base = TestCore.repositories();
        Runnable[] between = {null};
        BerthCore[] core = {null};
        AppServer launched = racedServer(base, between, core);
        BerthCore raced = core[0];
        AppServer read = base.appServers().get(launched.id());
        between[0] = () -> raced.activation().activate(MANAGER, read.id(), read.version()); // the other click lands first
        BerthException e = assertThrows(BerthException.class, () -> raced.activation().activate(MANAGER, read.id(), read.version()));
        assertEquals(BerthException.Kind.PRECONDITION_FAILED, e.kind());
        assertEquals(read.version() + 1, base.appServers().get(read.id()).version(), "one activation was written");
    }

    /** Regression (issue 18): terminate checked the version, then its transition re-read and retried: a server activated in between was terminated. */
    @Test
    void aServerActivatedBetweenTheChecksOfATerminateIsNotTerminated() {
        dev.berth.core.repository.Repositories base = TestCore.repositories();
        Runnable[] between = {null};
        BerthCore[] core = {null};
        AppServer launched = racedServer(base, between, core);
        BerthCore raced = core[0];
        AppServer read = base.appServers().get(launched.id());
        between[0] = () -> raced.activation().activate(MANAGER, read.id(), null);
        BerthException e = assertThrows(BerthException.class, () -> raced.activation().terminate(MANAGER, read.id(), read.version(),
                raced.appServers()));
        assertEquals(BerthException.Kind.PRECONDITION_FAILED, e.kind());
        AppServer after = base.appServers().get(read.id());
        assertTrue(after.active());
        assertEquals(AppServerStatus.RUNNING, after.status(), "an active server is never terminated");
    }
}
