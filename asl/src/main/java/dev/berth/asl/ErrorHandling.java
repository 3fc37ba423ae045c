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
                Duration delay = retryDelay(retriers, attempts, failure);
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
            if (matches(catcher.path("ErrorEquals"), failure)) {
                return new Step(DataFlow.resultPath(raw, catcher, errorOutput(failure)), catcher.path("Next").asText());
            }
        }
        throw failure;
    }

    /** The Error Output: {@code {"Error": ..., "Cause": ...}}. */
    static ObjectNode errorOutput(TaskFailure failure) {
        return JsonNodeFactory.instance.objectNode().put("Error", failure.error()).put("Cause", failure.cause());
    }

    /** The delay before the next attempt, or null when no retrier allows one. */
    static Duration retryDelay(JsonNode retriers, int[] attempts, TaskFailure failure) {
        for (int i = 0; i < retriers.size(); i++) {
            JsonNode retrier = retriers.get(i);
            if (!matches(retrier.path("ErrorEquals"), failure)) {
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

    /**
     * Whether an ErrorEquals list names the error: by its name; States.ALL, any error but
     * States.Runtime; States.TaskFailed, the errors a task reports itself (names outside
     * {@code States.}); States.BranchFailed, any error a Parallel branch failed with. A terminal
     * error (the execution timed out or was stopped) matches nothing.
     */
    static boolean matches(JsonNode errorEquals, TaskFailure failure) {
        String errorName = failure.error();
        if (failure.isTerminal() || errorName == null) {
            return false;
        }
        for (JsonNode e : errorEquals) {
            String name = e.asText();
            if (name.equals(errorName) || name.equals("States.ALL") && !errorName.equals("States.Runtime")
                    || name.equals("States.TaskFailed") && !errorName.startsWith("States.")
                    || name.equals("States.BranchFailed") && failure.isFromBranch()) {
                return true;
            }
        }
        return false;
    }
}
