package dev.berth.core.port.routing;

import java.util.List;
import java.util.Map;

/** What a load balancer applied, and which instances it skipped and why. */
public record ApplyReport(List<String> applied, Map<String, String> skipped) {
    public ApplyReport {
        applied = List.copyOf(applied);
        skipped = Map.copyOf(skipped);
    }
}
