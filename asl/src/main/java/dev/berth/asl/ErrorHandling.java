package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retry (IntervalSeconds, BackoffRate, MaxAttempts, MaxDelaySeconds, JitterStrategy) and Catch
 * (the Error Output at the catcher's ResultPath) of Task, Parallel and Map states.
 */
final class ErrorHandling {
    private ErrorHandling() {
    }

    /** One attempt at a state's work. */
    @FunctionalInterface
    interface Attempt {
        Step run() throws TaskFailure;
    }

    /** Waits between attempts (scaled, and cut short when the execution stops). */
    @FunctionalInterface
    interface Pause {
        void sleep(double seconds) throws TaskFailure;
    }

    /** Runs attempts until one succeeds or no retrier allows another; then the first matching catcher, or the error goes up. */
    static Step retryThenCatch(JsonNode state, JsonNode raw, Attempt attempt, Pause pause) throws TaskFailure {
        JsonNode retriers = state.path("Retry");
        int[] attempts = new int[retriers.size()];
        while (true) {
            try {
                return attempt.run();
            } catch (TaskFailure failure) {
                Duration delay = retryDelay(retriers, attempts, failure.error());
                if (delay != null) {
                    pause.sleep(delay.toMillis() / 1000.0);
                    continue;
                }
                return caught(state, raw, failure);
            }
        }
    }

    /** The first catcher matching the error, or the error goes up. */
    static Step caught(JsonNode state, JsonNode raw, TaskFailure failure) throws TaskFailure {
        for (JsonNode catcher : state.path("Catch")) {
            if (matches(catcher.path("ErrorEquals"), failure.error())) {
                ObjectNode errorOutput = JsonNodeFactory.instance.objectNode().put("Error", failure.error()).put("Cause", failure.cause());
                String resultPath = catcher.has("ResultPath") ? (catcher.get("ResultPath").isNull() ? null : catcher.get("ResultPath").asText()) : "$";
                JsonNode output = resultPath == null ? raw : JsonPaths.write(raw, resultPath, errorOutput);
                return new Step(output, catcher.path("Next").asText());
            }
        }
        throw failure;
    }

    /** The delay before the next attempt, or null when no retrier allows one. */
    static Duration retryDelay(JsonNode retriers, int[] attempts, String errorName) {
        for (int i = 0; i < retriers.size(); i++) {
            JsonNode retrier = retriers.get(i);
            if (!matches(retrier.path("ErrorEquals"), errorName)) {
                continue;
            }
            int max = retrier.path("MaxAttempts").asInt(3);
            if (attempts[i] >= max) {
                return null;
            }
            double interval = retrier.path("IntervalSeconds").asDouble(1) * Math.pow(retrier.path("BackoffRate").asDouble(2.0), attempts[i]);
            if (retrier.has("MaxDelaySeconds")) {
                interval = Math.min(interval, retrier.get("MaxDelaySeconds").asDouble());
            }
            attempts[i]++;
            if ("FULL".equals(retrier.path("JitterStrategy").asText("NONE"))) {
                interval = interval * ThreadLocalRandom.current().nextDouble();
            }
            return Duration.ofMillis((long) (interval * 1000));
        }
        return null;
    }

    /** Whether an ErrorEquals list names the error: itself, States.ALL (never States.Runtime), States.TaskFailed (a task's own errors). */
    static boolean matches(JsonNode errorEquals, String errorName) {
        for (JsonNode e : errorEquals) {
            String name = e.asText();
            if (name.equals(errorName) || name.equals("States.ALL") && !errorName.equals("States.Runtime")
                    || name.equals("States.TaskFailed") && !errorName.startsWith("States.")) {
                return true;
            }
        }
        return false;
    }
}
