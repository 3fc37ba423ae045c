package dev.berth.core.report;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.Instance;
import dev.berth.core.repository.AuditLog;
import dev.berth.core.repository.Fleet;
import dev.berth.core.repository.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds the monthly activity report from the records and their audit trail (UTC months): an
 * app server's active hours come from its activate and deactivate entries, failures from its
 * status entries. It walks the whole fleet and the audit of each app server that may have lived in
 * the month: a monthly report, not a request path.
 */
public final class ActivityReports {
    private final Fleet fleet;
    private final AuditLog audit;
    private final Clock clock;

    public ActivityReports(Fleet fleet, AuditLog audit, Clock clock) {
        this.fleet = fleet;
        this.audit = audit;
        this.clock = clock;
    }

    public ActivityReport month(Principal caller, YearMonth month) {
        caller.require(Role.VIEWER);
        return build(month);
    }

    /** The report itself (the job's: it decided who may read it). */
    public ActivityReport build(YearMonth month) {
        Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant now = clock.instant();
        Instant until = end.isAfter(now) ? now : end; // the current month counts up to now
        List<ActivityReport.Row> rows = new ArrayList<>();
        fleet.forEachInstance((instance, servers) -> {
            if (!instance.createdAt().isBefore(end)) {
                return;
            }
            int launched = 0;
            int failures = 0;
            double active = 0;
            for (AppServer server : servers) {
                if (!server.createdAt().isBefore(end) || server.updatedAt().isBefore(start) && !server.active()) {
                    continue; // born after the month, or settled before it and not serving since
                }
                if (!server.createdAt().isBefore(start)) {
                    launched++;
                }
                Instant activeSince = null;
                for (AuditEntry entry : history(server.id())) {
                    if (!entry.at().isBefore(until)) {
                        break; // [start, until): an entry at midnight is the next month's
                    }
                    if (entry.action().equals("activate") && activeSince == null) {
                        activeSince = entry.at();
                    } else if (entry.action().equals("deactivate") && activeSince != null) {
                        active += hours(activeSince, entry.at(), start, until);
                        activeSince = null;
                    } else if (entry.action().equals("status") && !entry.at().isBefore(start)
                            && (entry.summary().contains("-> failed") || entry.summary().contains("-> error"))) {
                        failures++;
                    }
                }
                if (activeSince != null) {
                    active += hours(activeSince, until, start, until);
                }
            }
            double sandboxHours = 0;
            if (instance.isSandbox()) {
                Instant gone = instance.pullRequest().closedAt() != null ? instance.pullRequest().closedAt() : until;
                sandboxHours = hours(instance.createdAt(), gone, start, until);
            }
            if (launched > 0 || active > 0 || failures > 0 || sandboxHours > 0) {
                rows.add(new ActivityReport.Row(instance.id(), instance.settings().name(), instance.isSandbox(), launched, round(active), failures,
                        round(sandboxHours)));
            }
        });
        rows.sort(Comparator.comparing(ActivityReport.Row::name).thenComparing(ActivityReport.Row::instanceId));
        ActivityReport.Row totals = new ActivityReport.Row(null, "total", false, rows.stream().mapToInt(ActivityReport.Row::appServersLaunched).sum(),
                round(rows.stream().mapToDouble(ActivityReport.Row::activeHours).sum()), rows.stream().mapToInt(ActivityReport.Row::failures).sum(),
                round(rows.stream().mapToDouble(ActivityReport.Row::sandboxHours).sum()));
        return new ActivityReport(month, rows, totals);
    }

    /** The app server's audit trail, oldest first. */
    private List<AuditEntry> history(String appServerId) {
        List<AuditEntry> entries = new ArrayList<>();
        String cursor = null;
        do {
            Page<AuditEntry> page = audit.list(appServerId, 500, cursor);
            entries.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        entries.sort(Comparator.comparing(AuditEntry::at));
        return entries;
    }

    /** The hours of [from, to) that fall in [start, end). */
    private static double hours(Instant from, Instant to, Instant start, Instant end) {
        Instant a = from.isAfter(start) ? from : start;
        Instant b = to.isBefore(end) ? to : end;
        return b.isAfter(a) ? Duration.between(a, b).toMillis() / 3_600_000.0 : 0;
    }

    private static double round(double hours) {
        return Math.round(hours * 100) / 100.0;
    }
}
