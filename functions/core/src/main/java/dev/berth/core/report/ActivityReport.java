package dev.berth.core.report;

import java.time.YearMonth;
import java.util.List;

/** What each instance did in a month: the original instance manager's activity CSV, also as JSON. */
public record ActivityReport(YearMonth month, List<Row> instances, Row totals) {

    /**
     * One instance's month: app servers launched, hours with an active app server (summed over
     * servers), launches that ended failed or in error, and for a sandbox the hours it existed.
     */
    public record Row(String instanceId, String name, boolean sandbox, int appServersLaunched, double activeHours, int failures,
                      double sandboxHours) {
    }

    public ActivityReport {
        instances = List.copyOf(instances);
    }
}
