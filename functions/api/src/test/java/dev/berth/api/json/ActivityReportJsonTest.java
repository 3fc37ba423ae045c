package dev.berth.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.core.report.ActivityReport;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityReportJsonTest {

    @Test
    void theCsvHasTheOriginalsColumnsAndNoCellASpreadsheetWouldRun() {
        ActivityReport report = new ActivityReport(YearMonth.of(2026, 11), List.of(
                new ActivityReport.Row("in-1", "Demo, \"the\" site", false, 2, 692, 1, 0),
                new ActivityReport.Row("in-2", "=HYPERLINK(\"http://evil\")", true, 1, 3.5, 0, 12.25)),
                new ActivityReport.Row(null, "total", false, 3, 695.5, 1, 12.25));
        assertEquals(String.join("\r\n",
                "instance_id,name,sandbox,app_servers_launched,active_hours,failures,sandbox_hours",
                "in-1,\"Demo, \"\"the\"\" site\",false,2,692.00,1,0.00",
                "in-2,\"'=HYPERLINK(\"\"http://evil\"\")\",true,1,3.50,0,12.25", ""), ActivityReportJson.csv(report));
        assertEquals("'-2+3", ActivityReportJson.cell("-2+3"));
        assertEquals("'@SUM(A1)", ActivityReportJson.cell("@SUM(A1)"));
        assertEquals(695.5, ActivityReportJson.of(report).at("/totals/activeHours").asDouble());
        assertEquals("2026-11", ActivityReportJson.of(report).get("month").asText());
    }
}
