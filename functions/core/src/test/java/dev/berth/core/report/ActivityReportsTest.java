package dev.berth.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.BerthCore;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.Instance;
import dev.berth.core.testing.RecordingWorkflows;
import dev.berth.core.testing.SetClock;
import dev.berth.core.testing.TestCore;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityReportsTest {
    private static final Principal MANAGER = new Principal("m", "manager", Role.MANAGER);
    private final SetClock clock = new SetClock(Instant.parse("2026-10-01T00:00:00Z"));
    private final BerthCore core = new BerthCore(TestCore.config(), TestCore.repositories(), new RecordingWorkflows(), clock);
    private final ActivityReports reports = new ActivityReports(core.fleet(), core.repositories().audit(), clock);

    private AppServer launchAt(String at, Instance instance, AppServerStatus end) {
        clock.at(at);
        AppServer server = core.appServers().launch(MANAGER, instance.id());
        for (AppServerStatus next : end == AppServerStatus.RUNNING ? List.of(AppServerStatus.WAITING, AppServerStatus.CONFIGURING, AppServerStatus.RUNNING)
                : List.of(AppServerStatus.WAITING, AppServerStatus.CONFIGURING, AppServerStatus.FAILED)) {
            core.appServers().transition(MANAGER, server.id(), EnumSet.allOf(AppServerStatus.class), next, s -> s);
        }
        return server;
    }

    @Test
    void activeHoursLaunchesAndFailuresFallInTheirMonth() {
        clock.at("2026-10-30T00:00:00Z");
        Instance demo = core.instances().create(MANAGER, TestCore.settings("Demo", "demo"));
        AppServer first = launchAt("2026-10-31T12:00:00Z", demo, AppServerStatus.RUNNING);
        clock.at("2026-10-31T20:00:00Z");
        core.activation().activate(MANAGER, first.id(), null);
        AppServer second = launchAt("2026-11-02T10:00:00Z", demo, AppServerStatus.RUNNING);
        clock.at("2026-11-02T20:00:00Z");
        core.activation().activate(MANAGER, second.id(), null); // takes the first out
        launchAt("2026-11-05T08:00:00Z", demo, AppServerStatus.FAILED);
        clock.at("2026-11-29T20:00:00Z");

        ActivityReport november = reports.month(MANAGER, YearMonth.of(2026, 11));
        assertEquals(1, november.instances().size());
        ActivityReport.Row row = november.instances().get(0);
        assertEquals(2, row.appServersLaunched(), "the October launch is October's");
        assertEquals(1, row.failures());
        // The first: Nov 1 00:00 to Nov 2 20:00 (44 h); the second: Nov 2 20:00 until now (27 days).
        assertEquals(44 + 27 * 24, row.activeHours(), 0.001);
        assertEquals(0, row.sandboxHours());
        assertEquals(row.activeHours(), november.totals().activeHours(), 0.001);

        ActivityReport october = reports.month(MANAGER, YearMonth.of(2026, 10));
        assertEquals(1, october.instances().get(0).appServersLaunched());
        assertEquals(4, october.instances().get(0).activeHours(), 0.001, "Oct 31 20:00 to midnight");
        assertTrue(reports.month(MANAGER, YearMonth.of(2026, 9)).instances().isEmpty(), "nothing before it existed");
        assertTrue(reports.month(MANAGER, YearMonth.of(2026, 12)).instances().isEmpty(), "nor in the future");
    }
}
