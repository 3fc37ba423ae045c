package dev.berth.core.port;

import dev.berth.core.port.workflow.ExecutionHistory;
import java.util.Optional;

/**
 * Starts and inspects state machine executions: AWS Step Functions in the cloud, the local ASL
 * interpreter on a laptop. Executions are named (an app server's id), which makes starting them
 * idempotent.
 */
public interface Workflows {

    /**
     * Starts {@code stateMachine} (its name in template.yaml, e.g. {@code LaunchAppServer}) with
     * the given JSON input. Returns false when an execution of that name already exists: a
     * repeated request never starts a second one.
     */
    boolean start(String stateMachine, String executionName, String inputJson);

    /** An execution's status ({@code RUNNING}, {@code SUCCEEDED}, {@code FAILED}, {@code TIMED_OUT}, {@code ABORTED}), if it exists. */
    default Optional<String> status(String stateMachine, String executionName) {
        return history(stateMachine, executionName).map(ExecutionHistory::status);
    }

    /** The history of an execution, if it exists. */
    Optional<ExecutionHistory> history(String stateMachine, String executionName);
}
