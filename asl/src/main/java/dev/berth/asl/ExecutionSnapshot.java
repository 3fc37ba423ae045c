package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * What an execution has done so far, taken before each top-level state and at its end: enough to
 * resume it after the process that ran it stopped, as Step Functions' executions outlive any host.
 * A resumed execution re-runs the state it was in (its tasks must be safe to repeat, as Lambda
 * retries make them anyway); a Wait state waits its whole time again.
 *
 * @param nextState the top-level state to run next (null once finished)
 * @param data that state's raw input
 */
public record ExecutionSnapshot(String stateMachine, String name, JsonNode input, Instant startedAt, AslExecution.Status status,
                                String nextState, JsonNode data, List<HistoryEvent> history, JsonNode output, String error,
                                String cause, Instant stoppedAt) {

    public ExecutionSnapshot {
        history = List.copyOf(history);
    }
}
