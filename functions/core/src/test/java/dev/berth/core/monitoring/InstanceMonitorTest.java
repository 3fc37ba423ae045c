package dev.berth.core.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.domain.Instance;
import dev.berth.core.jobs.JobReport;
import dev.berth.core.jobs.MonitorInstancesJob;
import dev.berth.core.port.LoadBalancer;
import dev.berth.core.port.Notifier;
import dev.berth.core.port.routing.ApplyReport;
import dev.berth.core.port.routing.RoutingTable;
import dev.berth.core.repository.Documents;
import dev.berth.core.repository.Repositories;
import dev.berth.core.testing.SetClock;
import dev.berth.core.testing.TestCore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InstanceMonitorTest {
    private final Repositories repositories = TestCore.repositories();
    private final Documents<Incident> incidents = repositories.incidents();
    private final AtomicInteger status = new AtomicInteger(200);
    private final List<Notification> sent = new ArrayList<>();
    private final SetClock clock = new SetClock(Instant.parse("2026-11-29T10:00:00Z"));
    private boolean webhookBroken;

    private final LoadBalancer balancer = new LoadBalancer() {
        @Override
        public ApplyReport apply(RoutingTable table) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void installCertificates(java.util.List<dev.berth.core.port.routing.TlsBundle> bundles) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int probe(String host, String path) {
            return status.get();
        }
    };

    private final Notifier recording = new Notifier() {
        @Override
        public String channel() {
            return "recording";
        }

        @Override
        public void send(Notification notification) {
            sent.add(notification);
        }
    };

    private final Notifier webhook = new Notifier() {
        @Override
        public String channel() {
            return "webhook";
        }

        @Override
        public void send(Notification notification) {
            if (webhookBroken) {
                throw new IllegalStateException("the webhook at hooks.example answered HTTP 500");
            }
        }
    };

    private final List<Notification> toTheInstance = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** An instance's own channel (its webhook), for instances whose name starts with "Owned". */
    private final java.util.function.Function<String, List<Notifier>> instanceChannels = id -> List.of(new Notifier() {
        @Override
        public String channel() {
            return "instance webhook";
        }

        @Override
        public void send(Notification notification) {
            toTheInstance.add(notification);
        }

        @Override
        public boolean reaches(Notification notification) {
            return notification.instanceName().startsWith("Owned");
        }
    });

    private final InstanceMonitor monitor = new InstanceMonitor(incidents, () -> balancer, () -> List.of(webhook, recording), instanceChannels,
            "/heartbeat", host -> "https://" + host + "/", Duration.ofHours(6), clock);

    private final dev.berth.core.BerthCore core = TestCore.create(repositories, new dev.berth.core.testing.RecordingWorkflows());

    @Test
    void anOutageOpensOneIncidentNotifiesOnceRenotifiesAfterTheQuietPeriodAndRecoveryClosesIt() {
        Instance demo = core.instances().create(Principal.system("test"), TestCore.settings("Demo", "demo"));
        status.set(503);
        assertEquals(InstanceMonitor.Outcome.OPENED, monitor.check(demo));
        clock.advance(Duration.ofMinutes(5));
        assertEquals(InstanceMonitor.Outcome.STILL_DOWN, monitor.check(demo));
        clock.advance(Duration.ofMinutes(5));
        assertEquals(InstanceMonitor.Outcome.STILL_DOWN, monitor.check(demo));
        assertEquals(1, incidents.all().size(), "one incident per outage");
        assertEquals(1, sent.size(), "no alert storm: one notice until the quiet period ends");
        Incident open = incidents.all().get(0);
        assertTrue(open.open());
        assertEquals("(HTTP 503 from /heartbeat)", open.reason());
        assertEquals("https://demo.example.com/", open.url());
        assertEquals(Map.of("webhook", "delivered", "recording", "delivered"), open.notices().get(0).channels());

        clock.advance(Duration.ofHours(6));
        webhookBroken = true;
        monitor.check(demo);
        assertEquals(List.of(Notification.Kind.DOWN, Notification.Kind.STILL_DOWN), sent.stream().map(Notification::kind).toList());
        Incident renotified = incidents.all().get(0);
        assertTrue(renotified.notices().get(1).channels().get("webhook").startsWith("failed: "), "a failing channel is recorded");
        assertEquals("delivered", renotified.notices().get(1).channels().get("recording"), "and does not stop the others");

        status.set(200);
        assertEquals(InstanceMonitor.Outcome.RECOVERED, monitor.check(demo));
        assertEquals(InstanceMonitor.Outcome.HEALTHY, monitor.check(demo));
        Incident closed = incidents.all().get(0);
        assertFalse(closed.open());
        assertEquals(Notification.Kind.RECOVERED, sent.get(sent.size() - 1).kind());
        assertEquals(3, sent.size());

        status.set(502);
        assertEquals(InstanceMonitor.Outcome.OPENED, monitor.check(demo), "a new outage is a new incident");
        assertEquals(2, incidents.all().size());
        assertNotEquals(closed.id(), monitor.openIncident(demo.id()).orElseThrow().id());
        assertEquals("(no answer)", monitor.openIncident(demo.id()).orElseThrow().reason());
        assertEquals(monitor.openIncident(demo.id()).orElseThrow().id(), incidents.all().get(0).id(), "listed newest first");
    }

    @Test
    void anInstancesOwnerAndItsOwnChannelAreToldBesideTheGlobalOnes() {
        dev.berth.core.domain.InstanceSettings base = TestCore.settings("Owned site", "owned");
        Instance owned = core.instances().create(Principal.system("test"), new dev.berth.core.domain.InstanceSettings(base.name(), base.subDomain(),
                base.baseDomain(), base.domainPrefixes(), base.openedxRelease(), base.tutorVersion(), base.plugins(), base.edxPlatformRepo(),
                base.edxPlatformRef(), base.dockerImage(), base.theme(), base.extraSettings(), base.ephemeralDatabases(), "owner@example.edu",
                base.allowMultipleActive()));
        Instance other = core.instances().create(Principal.system("test"), TestCore.settings("Other", "other"));
        status.set(503);
        monitor.check(owned);
        monitor.check(other);
        assertEquals(List.of("owner@example.edu"), sent.get(0).recipients(), "its owner is written to");
        assertEquals(List.of(), sent.get(1).recipients());
        assertEquals(List.of(owned.id()), toTheInstance.stream().map(Notification::instanceId).toList(), "its own webhook, not the other's");
        assertEquals(Map.of("webhook", "delivered", "recording", "delivered", "instance webhook", "delivered"),
                monitor.openIncident(owned.id()).orElseThrow().notices().get(0).channels());
    }

    @Test
    void whenTheLoadBalancerDoesNotAnswerThereIsOneIncidentForItAndNoneForTheInstances() {
        Instance demo = core.instances().create(Principal.system("test"), TestCore.settings("Demo", "demo"));
        core.instances().create(Principal.system("test"), TestCore.settings("Second", "second"));
        for (Instance instance : repositories.instances().list(dev.berth.core.domain.InstanceStatus.ACTIVE, null, 10, null).items()) {
            Instance served = instance.withActiveAppServers(List.of("as-" + instance.id()), java.time.Instant.now());
            repositories.instances().update(instance, served, new dev.berth.core.audit.AuditEntry(instance.id(), "instance", "activate", "test",
                    java.time.Instant.now(), instance.version(), served.version(), "served"));
        }
        MonitorInstancesJob job = new MonitorInstancesJob(repositories.instances(), monitor, 4);
        status.set(502); // nothing answers: not the instances, the balancer
        for (int run = 0; run < 3; run++) {
            JobReport report = job.run();
            assertTrue(report.actions().get(0).contains("the load balancer does not answer"), report.toString());
        }
        assertEquals(List.of(InstanceMonitor.LOAD_BALANCER), incidents.all().stream().map(Incident::instanceId).toList(), "one incident");
        assertEquals(1, sent.size(), "one notice");
        assertEquals(List.of(), toTheInstance, "no instance's own channel hears of it");

        status.set(200);
        JobReport back = job.run();
        assertTrue(back.actions().get(0).contains("answers again"), back.toString());
        assertFalse(incidents.all().get(0).open());
        assertEquals(Notification.Kind.RECOVERED, sent.get(1).kind());
        assertTrue(monitor.openIncident(demo.id()).isEmpty(), "the instances answer: no incident of theirs");
    }

    @Test
    void theJobChecksServedInstancesOnlyAndClosesTheIncidentsOfUnservedOnes() {
        Instance demo = core.instances().create(Principal.system("test"), TestCore.settings("Demo", "demo"));
        status.set(503);
        monitor.check(demo); // open while it was served
        MonitorInstancesJob job = new MonitorInstancesJob(repositories.instances(), monitor, 4);
        JobReport report = job.run();
        assertTrue(report.problems().isEmpty(), report.problems().toString());
        assertFalse(incidents.all().get(0).open(), "nothing serves the instance any more: its incident closes without a recovery notice");
        assertEquals(1, sent.size());
        assertTrue(report.actions().get(0).contains("no longer served"), report.actions().toString());
    }

    @Test
    void viewersReadIncidents() {
        Instance demo = core.instances().create(Principal.system("test"), TestCore.settings("Demo", "demo"));
        status.set(503);
        monitor.check(demo);
        IncidentService service = new IncidentService(incidents);
        Principal viewer = new Principal("tok-viewer", "viewer", Role.VIEWER);
        assertEquals(1, service.list(viewer, true, null, 50, null).items().size());
        assertEquals(0, service.list(viewer, false, null, 50, null).items().size());
        assertEquals(0, service.list(viewer, null, "in-other", 50, null).items().size());
    }
}
