package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Task state: its resource invoked on the effective input, within TimeoutSeconds (or
 * TimeoutSecondsPath), under its Retry and Catch. A resource that throws anything but a
 * {@link TaskFailure} fails with {@code States.TaskFailed}. Without either field there is no
 * timeout: the specification's default of 60 s is not applied, as Step Functions does not apply
 * it either (its default is 99999999 s). HeartbeatSeconds is accepted and never expires: the
 * interpreter calls resources synchronously, without the task token a heartbeat needs.
 */
final class TaskState {
    private final DataFlow dataFlow;
    private final TaskInvoker tasks;
    private final History history;
    private final ErrorHandling.Pause pause;
    private final Deadline deadline;

    TaskState(DataFlow dataFlow, TaskInvoker tasks, History history, ErrorHandling.Pause pause, Deadline deadline) {
        this.dataFlow = dataFlow;
        this.tasks = tasks;
        this.history = history;
        this.pause = pause;
        this.deadline = deadline;
    }

    Step run(String stateName, JsonNode state, JsonNode raw, String next) throws TaskFailure {
        JsonNode selected = dataFlow.inputPath(raw, state);
        long timeoutMillis = timeoutMillis(state, selected);
        return ErrorHandling.retryThenCatch(state, raw, () -> {
            // A Parameters path that selects nothing is the state's error, under its Retry and Catch.
            JsonNode parameters = state.has("Parameters") ? dataFlow.payload(state.get("Parameters"), selected, stateName) : selected;
            try {
                history.record("TaskScheduled", stateName, parameters.toString());
                JsonNode result = invoke(stateName, state.path("Resource").asText(), parameters, timeoutMillis);
                history.record("TaskSucceeded", stateName, result.toString());
                result = dataFlow.resultSelector(state, result, stateName);
                return new Step(DataFlow.effectiveOutput(raw, state, result), next);
            } catch (TaskFailure failure) {
                history.record("TaskFailed", stateName, History.errorJson(failure));
                throw failure;
            }
        }, pause);
    }

    /** TimeoutSeconds, or TimeoutSecondsPath on the input; {@link Long#MAX_VALUE} without either. */
    private static long timeoutMillis(JsonNode state, JsonNode input) throws TaskFailure {
        JsonNode seconds = state.get("TimeoutSeconds");
        if (state.has("TimeoutSecondsPath")) {
            try {
                seconds = JsonPaths.read(input, state.get("TimeoutSecondsPath").asText());
            } catch (IllegalArgumentException e) {
                throw new TaskFailure("States.Runtime", e.getMessage());
            }
            if (seconds == null || !seconds.isNumber() || seconds.asDouble() <= 0) {
                throw new TaskFailure("States.Runtime", "TimeoutSecondsPath " + state.get("TimeoutSecondsPath").asText() + " is not a positive number: " + seconds);
            }
        }
        return seconds == null ? Long.MAX_VALUE : (long) (seconds.asDouble() * 1000);
    }

    /** Runs the resource; past the task's timeout, {@code States.Timeout} (its result, if any, is dropped); past the execution's, the execution ends. */
    private JsonNode invoke(String stateName, String resource, JsonNode parameters, long timeoutMillis) throws TaskFailure {
        long remaining = deadline.remainingMillis();
        long limit = Math.min(timeoutMillis, remaining);
        if (limit == Long.MAX_VALUE) {
            return invokeDirectly(stateName, resource, parameters);
        }
        FutureTask<JsonNode> call = new FutureTask<>(() -> invokeDirectly(stateName, resource, parameters));
        Thread worker = new Thread(call, "task-" + stateName);
        worker.setDaemon(true);
        worker.start();
        try {
            return call.get(limit, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            if (remaining < timeoutMillis) {
                throw deadline.expire();
            }
            throw new TaskFailure("States.Timeout", "The task of " + stateName + " ran longer than " + timeoutMillis / 1000.0 + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TaskFailure failure) {
                throw failure;
            }
            throw new TaskFailure("States.TaskFailed", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TaskFailure.terminal("States.Aborted", "Interrupted");
        }
    }

    private JsonNode invokeDirectly(String stateName, String resource, JsonNode parameters) throws TaskFailure {
        try {
            JsonNode result = tasks.invoke(stateName, resource, parameters);
            if (result == null) {
                throw new TaskFailure("States.TaskFailed", "The task of " + stateName + " returned no result");
            }
            return result;
        } catch (RuntimeException e) {
            throw new TaskFailure("States.TaskFailed", "The task of " + stateName + " failed: " + e);
        }
    }
}
