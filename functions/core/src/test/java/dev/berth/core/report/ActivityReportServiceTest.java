package dev.berth.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.BerthCore;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.jobs.ActivityReportJob;
import dev.berth.core.jobs.JobNames;
import dev.berth.core.jobs.JobReport;
import dev.berth.core.port.JobRuns;
import dev.berth.core.testing.RecordingWorkflows;
import dev.berth.core.testing.SetClock;
import dev.berth.core.testing.TestCore;
import dev.berth.core.testing.memory.InMemoryObjectStorage;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Activity reports made by their job, not on the request path: pending, made, fresh or made again. */
class ActivityReportServiceTest {
    private static final Principal VIEWER = new Principal("v", "viewer", Role.VIEWER);
    private final SetClock clock = new SetClock(Instant.parse("2026-11-20T10:00:00Z"));
    private final BerthCore core = new BerthCore(TestCore.config(), TestCore.repositories(), new RecordingWorkflows(), clock);
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final JobRuns jobRuns = new JobRuns() {
        @Override
        public JobReport run(String job) {
            throw new UnsupportedOperationException("the request never waits for the job");
        }

        @Override
        public void start(String job) {
            started.add(job);
        }
    };
    private final InMemoryObjectStorage storage = new InMemoryObjectStorage();
    private final ActivityReportService reports = new ActivityReportService(core.repositories().reportRuns(),
            new ActivityReports(core.fleet(), core.repositories().audit(), clock), () -> storage, jobRuns, clock);
    private final ActivityReportJob job = new ActivityReportJob(reports);

    @Test
    void aRequestStartsTheJobOnceAndGetsTheReportItMade() {
        core.instances().create(Principal.system("test"), TestCore.settings("Demo", "demo"));
        YearMonth october = YearMonth.of(2026, 10);
        assertInstanceOf(ActivityReportService.Pending.class, reports.month(VIEWER, october));
        assertInstanceOf(ActivityReportService.Pending.class, reports.month(VIEWER, october), "asked again while it is being made");
        assertEquals(List.of(JobNames.ACTIVITY_REPORT), started, "one job for both requests");

        JobReport made = job.run();
        assertTrue(made.problems().isEmpty(), made.toString());
        assertEquals(2, made.examined(), "the pending month and the month under way");
        ActivityReportService.Ready ready = assertInstanceOf(ActivityReportService.Ready.class, reports.month(VIEWER, october));
        assertEquals(october, ready.report().month());
        assertEquals(clock.instant(), ready.generatedAt());
        assertTrue(storage.get("reports/activity/2026-10.json").isPresent(), "kept in object storage, not in a table item");

        clock.advance(Duration.ofDays(30));
        assertInstanceOf(ActivityReportService.Ready.class, reports.month(VIEWER, october), "a month made after it ended stays as it is");
        assertEquals(1, started.size());
    }

    @Test
    void theMonthUnderWayIsMadeAgainWhenItsReportIsOlderThanAQuarterOfAnHour() {
        YearMonth november = YearMonth.of(2026, 11);
        reports.month(VIEWER, november);
        job.run();
        assertInstanceOf(ActivityReportService.Ready.class, reports.month(VIEWER, november));
        clock.advance(Duration.ofMinutes(16));
        assertInstanceOf(ActivityReportService.Pending.class, reports.month(VIEWER, november), "stale: made again");
        assertEquals(2, started.size());
        job.run();
        assertInstanceOf(ActivityReportService.Ready.class, reports.month(VIEWER, november));
    }

    @Test
    void aMonthAskedForWhileTheJobRunsIsMadeByThatRun() {
        YearMonth november = YearMonth.of(2026, 11);
        YearMonth august = YearMonth.of(2026, 8);
        reports.month(VIEWER, november);
        java.util.concurrent.atomic.AtomicBoolean asked = new java.util.concurrent.atomic.AtomicBoolean();
        dev.berth.core.port.ObjectStorage racing = new dev.berth.core.port.ObjectStorage() {
            @Override
            public void put(String key, java.io.InputStream content, long length) {
                storage.put(key, content, length);
                if (!asked.getAndSet(true)) {
                    reports.month(VIEWER, august); // someone asks meanwhile; the job's own start would meet its lease
                }
            }

            @Override
            public java.util.Optional<java.io.InputStream> get(String key) {
                return storage.get(key);
            }

            @Override
            public List<StoredObject> list(String prefix) {
                return storage.list(prefix);
            }

            @Override
            public void deleteAll(String prefix) {
                storage.deleteAll(prefix);
            }
        };
        JobReport made = new ActivityReportJob(new ActivityReportService(core.repositories().reportRuns(), new ActivityReports(core.fleet(),
                core.repositories().audit(), clock), () -> racing, jobRuns, clock)).run();
        assertEquals(2, made.examined(), made.toString());
        assertInstanceOf(ActivityReportService.Ready.class, reports.month(VIEWER, august));
    }

    @Test
    void aLostRequestIsStartedAgain() {
        YearMonth september = YearMonth.of(2026, 9);
        reports.month(VIEWER, september);
        clock.advance(Duration.ofMinutes(20)); // the job never ran
        reports.month(VIEWER, september);
        assertEquals(2, started.size(), "a request pending for too long starts the job again");
    }
}
