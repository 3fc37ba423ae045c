package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.json.JobReportJson;
import dev.berth.core.jobs.JobReport;

/** {@code POST /api/v1/jobs/{name}/run} (admin): runs a scheduled job now, where the jobs run, and shows its report. */
public final class JobRunsHandler extends ApiHandler {

    public JobRunsHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public JobRunsHandler(ApiRoot root) {
        route("POST /api/v1/jobs/{name}/run", r -> {
            JobReport report = root.jobs().runNow(root.caller(r), r.pathParameter("name"));
            return ApiResponse.json(report.skipped() ? 409 : 200, JobReportJson.of(report));
        });
    }
}
