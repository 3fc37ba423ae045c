package dev.berth.core.report;

import dev.berth.core.repository.Document;
import java.time.Instant;

/**
 * Where a month's activity report stands: asked for and being made ({@code pending}), made (its
 * content in object storage), or {@code failed}. The id is {@code activity-YYYY-MM}.
 */
public record ReportRun(String id, String month, State state, Instant requestedAt, Instant generatedAt, String failureReason, long version)
        implements Document {

    public enum State { PENDING, READY, FAILED }
}
