package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The Map state: its ItemProcessor (or the deprecated Iterator) on every input {@link MapItems}
 * gives, one at a time (which every MaxConcurrency allows), results in item order, under its Retry
 * and Catch. Without ToleratedFailureCount/Percentage a failed iteration fails the state with its
 * own error; with them, failed iterations leave their Error Output in the results until more fail
 * than tolerated: {@code States.ExceedToleratedFailureThreshold}. With a ResultWriter the results
 * go to its resource and the state's result is {@code {"ResultWriterDetails": <its answer>}}
 * ({@code States.ResultWriterFailed} when it fails).
 */
final class MapState {
    private final DataFlow dataFlow;
    private final MapItems items;
    private final TaskInvoker tasks;
    private final ParallelState.Machines machines;
    private final ErrorHandling.Pause pause;

    MapState(DataFlow dataFlow, MapItems items, TaskInvoker tasks, ParallelState.Machines machines, ErrorHandling.Pause pause) {
        this.dataFlow = dataFlow;
        this.items = items;
        this.tasks = tasks;
        this.machines = machines;
        this.pause = pause;
    }

    Step run(String stateName, JsonNode state, JsonNode raw, String next) throws TaskFailure {
        JsonNode effective = dataFlow.inputPath(raw, state);
        JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
        return ErrorHandling.retryThenCatch(state, raw, () -> {
            List<JsonNode> inputs = items.inputs(stateName, state, effective);
            long toleratedCount = MapItems.number(state, "ToleratedFailureCount", effective);
            long toleratedPercentage = MapItems.number(state, "ToleratedFailurePercentage", effective);
            boolean tolerant = toleratedCount >= 0 || toleratedPercentage >= 0;
            ArrayNode results = JsonNodeFactory.instance.arrayNode();
            int failed = 0;
            for (JsonNode input : inputs) {
                try {
                    results.add(machines.run(processor, input));
                } catch (TaskFailure failure) {
                    if (!tolerant || failure.isTerminal()) {
                        throw failure;
                    }
                    failed++;
                    results.add(ErrorHandling.errorOutput(failure));
                    if (toleratedCount >= 0 && failed > toleratedCount || toleratedPercentage >= 0 && failed * 100.0 / inputs.size() > toleratedPercentage) {
                        throw new TaskFailure("States.ExceedToleratedFailureThreshold", failed + " of the " + inputs.size() + " items of " + stateName
                                + " failed, more than tolerated; the last: " + failure.error() + ": " + failure.cause());
                    }
                }
            }
            JsonNode result = state.has("ResultWriter") ? write(stateName, state.get("ResultWriter"), effective, results) : results;
            return new Step(DataFlow.effectiveOutput(raw, state, dataFlow.resultSelector(state, result, stateName)), next);
        }, pause);
    }

    /** ResultWriter: its resource gets its Parameters' payload with the results as {@code Results}. */
    private JsonNode write(String stateName, JsonNode writer, JsonNode effective, ArrayNode results) throws TaskFailure {
        JsonNode parameters = writer.has("Parameters") ? dataFlow.payload(writer.get("Parameters"), effective, stateName) : null;
        ObjectNode request = parameters != null && parameters.isObject() ? (ObjectNode) parameters : JsonNodeFactory.instance.objectNode();
        request.set("Results", results);
        String resource = writer.path("Resource").asText();
        try {
            JsonNode details = tasks.invoke(stateName, resource, request);
            return JsonNodeFactory.instance.objectNode().set("ResultWriterDetails", details == null ? JsonNodeFactory.instance.nullNode() : details);
        } catch (TaskFailure failure) {
            throw new TaskFailure("States.ResultWriterFailed", "The ResultWriter of " + stateName + " (" + resource + ") failed: "
                    + failure.error() + ": " + failure.cause());
        } catch (RuntimeException e) {
            throw new TaskFailure("States.ResultWriterFailed", "The ResultWriter of " + stateName + " (" + resource + ") failed: " + e);
        }
    }
}
