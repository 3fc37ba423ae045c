package dev.berth.asl;

import java.time.Instant;

/** One event of an execution's history, as Step Functions records them; {@code detail} is JSON text or null. */
public record HistoryEvent(long id, String type, String state, Instant timestamp, String detail) {
}
