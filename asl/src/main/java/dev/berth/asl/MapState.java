package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The Map state: its ItemProcessor (or the deprecated Iterator) on every item that ItemsPath
 * selects, each through ItemSelector (or the deprecated Parameters), results in item order.
 */
final class MapState {
    private final DataFlow dataFlow;
    private final ParallelState.Machines machines;
    private final ErrorHandling.Pause pause;

    MapState(DataFlow dataFlow, ParallelState.Machines machines, ErrorHandling.Pause pause) {
        this.dataFlow = dataFlow;
        this.machines = machines;
        this.pause = pause;
    }

    Step run(String stateName, JsonNode state, JsonNode raw, String next) throws TaskFailure {
        JsonNode effective = dataFlow.inputPath(raw, state);
        return ErrorHandling.retryThenCatch(state, raw, () -> {
            JsonNode items = state.has("ItemsPath") ? JsonPaths.read(effective, state.get("ItemsPath").asText()) : effective;
            if (items == null || !items.isArray()) {
                throw new TaskFailure("States.Runtime", "The items of " + stateName + " are not an array");
            }
            JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
            JsonNode selector = state.has("ItemSelector") ? state.get("ItemSelector") : state.get("Parameters");
            ArrayNode results = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                JsonNode itemInput = selector == null ? item : dataFlow.payload(selector, effective, stateName, i, item);
                results.add(machines.run(processor, itemInput));
            }
            return new Step(DataFlow.effectiveOutput(raw, state, dataFlow.resultSelector(state, results, stateName)), next);
        }, pause);
    }
}
