package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/** The Wait state's duration: Seconds, SecondsPath, Timestamp or TimestampPath. */
final class WaitState {
    private WaitState() {
    }

    /** The seconds to wait, read from the state and its effective input (0 for a timestamp already past). */
    static double seconds(JsonNode state, JsonNode data) throws TaskFailure {
        if (state.has("Seconds")) {
            return state.get("Seconds").asDouble();
        }
        if (state.has("SecondsPath")) {
            JsonNode value = read(data, state.get("SecondsPath").asText());
            if (value == null || !value.isNumber() || value.asDouble() < 0) {
                throw new TaskFailure("States.Runtime", "SecondsPath " + state.get("SecondsPath").asText() + " is not a number of seconds: " + value);
            }
            return value.asDouble();
        }
        JsonNode timestamp = state.has("Timestamp") ? state.get("Timestamp") : read(data, state.path("TimestampPath").asText("$"));
        Instant until = Timestamps.parse(timestamp);
        if (until == null) {
            throw new TaskFailure("States.Runtime", "Not a timestamp (RFC 3339, like 2016-03-14T01:59:00Z): " + timestamp);
        }
        return Math.max(0, Duration.between(Instant.now(), until).toMillis() / 1000.0);
    }

    private static JsonNode read(JsonNode data, String path) throws TaskFailure {
        try {
            return JsonPaths.read(data, path);
        } catch (IllegalArgumentException e) {
            throw new TaskFailure("States.Runtime", e.getMessage());
        }
    }
}
