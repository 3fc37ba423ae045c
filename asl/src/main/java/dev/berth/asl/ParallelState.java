package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The Parallel state: every branch on the same input, their outputs in branch order, under its
 * Retry and Catch. A failed branch fails the state with the branch's error, which
 * {@code States.BranchFailed} matches as well as its own name.
 */
final class ParallelState {
    /** Runs a nested state machine (a branch, a Map's ItemProcessor) to its end. */
    @FunctionalInterface
    interface Machines {
        JsonNode run(JsonNode machine, JsonNode input) throws TaskFailure;
    }

    private final DataFlow dataFlow;
    private final Machines machines;
    private final ErrorHandling.Pause pause;

    ParallelState(DataFlow dataFlow, Machines machines, ErrorHandling.Pause pause) {
        this.dataFlow = dataFlow;
        this.machines = machines;
        this.pause = pause;
    }

    Step run(String stateName, JsonNode state, JsonNode raw, String next) throws TaskFailure {
        JsonNode effective = dataFlow.inputPath(raw, state);
        return ErrorHandling.retryThenCatch(state, raw, () -> {
            ArrayNode results = JsonNodeFactory.instance.arrayNode();
            JsonNode branchInput = state.has("Parameters") ? dataFlow.payload(state.get("Parameters"), effective, stateName) : effective;
            for (JsonNode branch : state.path("Branches")) {
                try {
                    results.add(machines.run(branch, branchInput));
                } catch (TaskFailure failure) {
                    throw failure.fromBranch();
                }
            }
            return new Step(DataFlow.effectiveOutput(raw, state, dataFlow.resultSelector(state, results, stateName)), next);
        }, pause);
    }
}
