package dev.berth.core.jobs;

import dev.berth.core.report.ActivityReportService;

/** Makes the activity reports people asked for (started by their request) and, daily, the month under way. */
public final class ActivityReportJob implements Job {
    private final ActivityReportService reports;

    public ActivityReportJob(ActivityReportService reports) {
        this.reports = reports;
    }

    @Override
    public String name() {
        return JobNames.ACTIVITY_REPORT;
    }

    @Override
    public JobReport run() {
        JobLog log = new JobLog(name());
        int months = reports.produce(log);
        return log.report(months);
    }
}
