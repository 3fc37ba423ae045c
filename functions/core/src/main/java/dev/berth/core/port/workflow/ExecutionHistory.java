package dev.berth.core.port.workflow;

import java.time.Instant;
import java.util.List;

/** What an execution did: its status and its events (states entered and exited, tasks, errors). */
public record ExecutionHistory(String executionName, String status, Instant startedAt, Instant stoppedAt, List<Event> events) {

    public ExecutionHistory {
        events = List.copyOf(events);
    }

    /** One event; {@code detail} is JSON text (input, output, or error and cause) or null. */
    public record Event(long id, String type, String state, Instant at, String detail) {
    }
}
