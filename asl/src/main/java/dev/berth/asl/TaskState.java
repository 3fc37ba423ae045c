package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The Task state: its resource invoked on the effective input, within TimeoutSeconds, under its Retry and Catch. */
final class TaskState {
    private final DataFlow dataFlow;
    private final TaskInvoker tasks;
    private final History history;
    private final ErrorHandling.Pause pause;

    TaskState(DataFlow dataFlow, TaskInvoker tasks, History history, ErrorHandling.Pause pause) {
        this.dataFlow = dataFlow;
        this.tasks = tasks;
        this.history = history;
        this.pause = pause;
    }

    Step run(String stateName, JsonNode state, JsonNode raw, String next) throws TaskFailure {
        JsonNode parameters = dataFlow.effectiveInput(raw, state, stateName);
        String resource = state.path("Resource").asText();
        return ErrorHandling.retryThenCatch(state, raw, () -> {
            try {
                history.record("TaskScheduled", stateName, parameters.toString());
                JsonNode result = invokeWithTimeout(state, stateName, resource, parameters);
                history.record("TaskSucceeded", stateName, result.toString());
                result = dataFlow.resultSelector(state, result, stateName);
                return new Step(DataFlow.effectiveOutput(raw, state, result), next);
            } catch (TaskFailure failure) {
                history.record("TaskFailed", stateName, History.errorJson(failure));
                throw failure;
            }
        }, pause);
    }

    /** TimeoutSeconds: a task that runs longer fails with {@code States.Timeout} (its result, if any, is dropped). */
    private JsonNode invokeWithTimeout(JsonNode state, String stateName, String resource, JsonNode parameters) throws TaskFailure {
        if (!state.has("TimeoutSeconds")) {
            return tasks.invoke(stateName, resource, parameters);
        }
        FutureTask<JsonNode> call = new FutureTask<>(() -> tasks.invoke(stateName, resource, parameters));
        Thread worker = new Thread(call, "task-" + stateName);
        worker.setDaemon(true);
        worker.start();
        try {
            return call.get((long) (state.get("TimeoutSeconds").asDouble() * 1000), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            throw new TaskFailure("States.Timeout", "The task of " + stateName + " ran longer than " + state.get("TimeoutSeconds").asText() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TaskFailure failure) {
                throw failure;
            }
            throw new TaskFailure("States.Runtime", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskFailure("States.Aborted", "Interrupted");
        }
    }
}
