package dev.berth.api.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.jobs.JobReport;
import dev.berth.core.json.Json;

/** What a job run did. */
public final class JobReportJson {
    private JobReportJson() {
    }

    public static ObjectNode of(JobReport report) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("job", report.job());
        node.put("skipped", report.skipped());
        node.put("examined", report.examined());
        node.put("changed", report.changed());
        report.actions().forEach(node.putArray("actions")::add);
        report.problems().forEach(node.putArray("problems")::add);
        return node;
    }
}
