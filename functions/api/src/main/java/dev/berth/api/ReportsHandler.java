package dev.berth.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.json.ActivityReportJson;
import dev.berth.core.error.BerthException;
import dev.berth.core.report.ActivityReportService;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reports: the monthly activity of every instance, as JSON or (Accept: text/csv) as a CSV download;
 * 202 while the activity-report job makes it.
 */
public final class ReportsHandler extends ApiHandler {

    public ReportsHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public ReportsHandler(ApiRoot root) {
        route("GET /api/v1/reports/activity", r -> {
            ActivityReportService.Answer answer = root.activityReports().month(root.caller(r), month(r));
            if (answer instanceof ActivityReportService.Pending pending) {
                // Made by the activity-report job: ask again shortly.
                return ApiResponse.json(202, ActivityReportJson.pending(pending)).header("Retry-After", "3");
            }
            ActivityReportService.Ready ready = (ActivityReportService.Ready) answer;
            String accept = r.header("accept");
            if (accept != null && accept.contains("text/csv")) {
                return ApiResponse.text(200, ActivityReportJson.csv(ready.report()), "activity-" + ready.report().month() + ".csv")
                        .header("Content-Type", "text/csv; charset=utf-8");
            }
            ObjectNode body = ActivityReportJson.of(ready.report());
            body.put("generatedAt", ready.generatedAt().toString());
            return ApiResponse.json(200, body);
        });
    }

    /** {@code ?month=YYYY-MM}, this month (UTC) when left out. */
    private static YearMonth month(ApiRequest r) {
        String month = r.queryParameter("month");
        if (month == null) {
            return YearMonth.now(ZoneOffset.UTC);
        }
        try {
            if (!month.matches("\\d{4}-\\d{2}")) {
                throw new DateTimeParseException("not YYYY-MM", month, 0);
            }
            return YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw BerthException.invalid("month", "must be a month as YYYY-MM, such as 2026-11");
        }
    }
}
