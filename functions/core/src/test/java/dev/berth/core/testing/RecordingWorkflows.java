package dev.berth.core.testing;

import dev.berth.core.port.Workflows;
import dev.berth.core.port.workflow.ExecutionHistory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Workflows} that records what was started, for tests of the use cases that start executions. */
public final class RecordingWorkflows implements Workflows {
    public record Started(String stateMachine, String executionName, String input) {
    }

    public final List<Started> started = new CopyOnWriteArrayList<>();

    @Override
    public boolean start(String stateMachine, String executionName, String inputJson) {
        if (started.stream().anyMatch(s -> s.stateMachine().equals(stateMachine) && s.executionName().equals(executionName))) {
            return false;
        }
        started.add(new Started(stateMachine, executionName, inputJson));
        return true;
    }

    private final java.util.Map<String, String> ended = new java.util.concurrent.ConcurrentHashMap<>();

    /** Ends a recorded execution with this status (the others run until then). */
    public void end(String stateMachine, String executionName, String status) {
        ended.put(stateMachine + "/" + executionName, status);
    }

    @Override
    public Optional<String> status(String stateMachine, String executionName) {
        boolean known = started.stream().anyMatch(s -> s.stateMachine().equals(stateMachine) && s.executionName().equals(executionName));
        return known ? Optional.of(ended.getOrDefault(stateMachine + "/" + executionName, "RUNNING")) : Optional.empty();
    }

    @Override
    public Optional<ExecutionHistory> history(String stateMachine, String executionName) {
        return Optional.empty();
    }
}
