package dev.berth.api.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.json.Json;
import dev.berth.core.report.ActivityReport;
import java.util.Locale;

/** The activity report as JSON, and as CSV with the original's columns (cells that a spreadsheet would run as formulas are quoted inert). */
public final class ActivityReportJson {
    static final String CSV_HEADER = "instance_id,name,sandbox,app_servers_launched,active_hours,failures,sandbox_hours";

    private ActivityReportJson() {
    }

    public static ObjectNode of(ActivityReport report) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("month", report.month().toString());
        ArrayNode rows = body.putArray("instances");
        report.instances().forEach(row -> rows.add(row(row)));
        ObjectNode totals = row(report.totals());
        totals.remove("instanceId");
        totals.remove("name");
        totals.remove("sandbox");
        body.set("totals", totals);
        return body;
    }

    public static String csv(ActivityReport report) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append("\r\n");
        for (ActivityReport.Row row : report.instances()) {
            out.append(cell(row.instanceId())).append(',').append(cell(row.name())).append(',').append(row.sandbox()).append(',')
                    .append(row.appServersLaunched()).append(',').append(number(row.activeHours())).append(',').append(row.failures()).append(',')
                    .append(number(row.sandboxHours())).append("\r\n");
        }
        return out.toString();
    }

    private static ObjectNode row(ActivityReport.Row row) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("instanceId", row.instanceId());
        node.put("name", row.name());
        node.put("sandbox", row.sandbox());
        node.put("appServersLaunched", row.appServersLaunched());
        node.put("activeHours", row.activeHours());
        node.put("failures", row.failures());
        node.put("sandboxHours", row.sandboxHours());
        return node;
    }

    /** RFC 4180 quoting; a leading =, +, - or @ would be a formula in a spreadsheet, so it is prefixed with '. */
    static String cell(String value) {
        String text = value == null ? "" : value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        return text.matches("[^\",\\r\\n]*") ? text : "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** A report being made: its month, when it was asked for, and what to do. */
    public static ObjectNode pending(dev.berth.core.report.ActivityReportService.Pending pending) {
        ObjectNode node = dev.berth.core.json.Json.MAPPER.createObjectNode();
        node.put("month", pending.month().toString());
        node.put("state", "pending");
        node.put("requestedAt", pending.requestedAt().toString());
        node.put("message", "The activity-report job is making this report: ask again in a few seconds");
        return node;
    }
}
