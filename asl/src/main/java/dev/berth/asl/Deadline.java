package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/**
 * The state machine's top-level TimeoutSeconds: past it the execution fails with
 * {@code States.Timeout}, an error no state's Retry or Catch handles.
 */
final class Deadline {
    private final Instant at;
    private final String seconds;
    private volatile boolean passed;

    Deadline(JsonNode definition, Instant startedAt) {
        JsonNode timeout = definition.get("TimeoutSeconds");
        this.seconds = timeout == null ? null : timeout.asText();
        this.at = timeout == null ? null : startedAt.plusMillis((long) (timeout.asDouble() * 1000));
    }

    /** Milliseconds left, or {@link Long#MAX_VALUE} without a TimeoutSeconds. */
    long remainingMillis() {
        return at == null ? Long.MAX_VALUE : Math.max(0, Duration.between(Instant.now(), at).toMillis());
    }

    /** Fails the execution when its time is up. */
    void check() throws TaskFailure {
        if (at != null && !Instant.now().isBefore(at)) {
            throw expire();
        }
    }

    /** The execution's time is up: the error that ends it. */
    TaskFailure expire() {
        passed = true;
        return TaskFailure.terminal("States.Timeout", "The execution ran longer than its TimeoutSeconds, " + seconds + " s");
    }

    boolean passed() {
        return passed;
    }
}
