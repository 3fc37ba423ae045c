package dev.berth.asl;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An execution's history, as Step Functions records it ({@code ExecutionStarted},
 * {@code TaskStateEntered}, {@code TaskScheduled}, {@code TaskFailed}, ...), and the names of the
 * states entered, in order. Safe to read while the execution runs.
 */
final class History {
    private final List<HistoryEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicLong eventIds = new AtomicLong();
    private final List<String> statesEntered = new CopyOnWriteArrayList<>();

    History() {
    }

    /** The history of an execution being resumed: its events, and the states they entered. */
    History(List<HistoryEvent> recorded) {
        events.addAll(recorded);
        eventIds.set(recorded.stream().mapToLong(HistoryEvent::id).max().orElse(0));
        recorded.stream().filter(e -> e.type().endsWith("StateEntered")).forEach(e -> statesEntered.add(e.state()));
    }

    void record(String type, String state, String detail) {
        events.add(new HistoryEvent(eventIds.incrementAndGet(), type, state, Instant.now(), detail));
    }

    void entered(String stateName) {
        statesEntered.add(stateName);
    }

    List<HistoryEvent> events() {
        return List.copyOf(events);
    }

    List<String> statesEntered() {
        return new ArrayList<>(statesEntered);
    }

    /** The detail of a failure event: {@code {"error": ..., "cause": ...}}. */
    static String errorJson(TaskFailure failure) {
        return JsonNodeFactory.instance.objectNode().put("error", failure.error()).put("cause", failure.cause()).toString();
    }
}
