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
            JsonNode value = JsonPaths.read(data, state.get("SecondsPath").asText());
            if (value == null || !value.isNumber()) {
                throw new TaskFailure("States.Runtime", "SecondsPath " + state.get("SecondsPath").asText() + " is not a number");
            }
            return value.asDouble();
        }
        String timestamp = state.has("Timestamp") ? state.get("Timestamp").asText() : AslExecution.text(JsonPaths.read(data, state.path("TimestampPath").asText("$")));
        return Math.max(0, Duration.between(Instant.now(), Instant.parse(timestamp)).toMillis() / 1000.0);
    }
}
