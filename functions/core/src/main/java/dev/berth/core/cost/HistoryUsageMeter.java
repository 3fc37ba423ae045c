package dev.berth.core.cost;

import dev.berth.core.port.UsageMeter;
import dev.berth.core.port.Workflows;
import dev.berth.core.port.workflow.ExecutionHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * An execution's usage from its history: every state entered is a billed transition; each task
 * is a Lambda invocation lasting from its scheduling to its end (an upper bound of the billed
 * duration) at the functions' memory size. DynamoDB capacity is not in a history: not measured.
 */
public final class HistoryUsageMeter implements UsageMeter {
    /** The task functions' memory (template.yaml's Globals MemorySize), for the Lambda time of a history. */
    public static final int FUNCTION_MEMORY_MB = 1024;
    private static final Set<String> TASK_ENDS = Set.of("TaskSucceeded", "TaskFailed", "TaskTimedOut", "LambdaFunctionSucceeded",
            "LambdaFunctionFailed", "LambdaFunctionTimedOut");
    private final Workflows workflows;
    private final int memoryMb;

    public HistoryUsageMeter(Workflows workflows, int memoryMb) {
        this.workflows = workflows;
        this.memoryMb = memoryMb;
    }

    @Override
    public Optional<Usage> ofExecution(String stateMachine, String executionName) {
        return workflows.history(stateMachine, executionName).map(h -> of(h, memoryMb));
    }

    /** The usage {@code history} shows; tasks at {@code memoryMb}. */
    public static Usage of(ExecutionHistory history, int memoryMb) {
        long transitions = 0;
        long tasks = 0;
        long taskMillis = 0;
        Instant scheduled = null;
        for (ExecutionHistory.Event e : history.events()) {
            if (e.type().endsWith("StateEntered")) {
                transitions++;
            } else if (e.type().equals("TaskScheduled") || e.type().equals("LambdaFunctionScheduled")) {
                tasks++;
                scheduled = e.at();
            } else if (TASK_ENDS.contains(e.type()) && scheduled != null) {
                taskMillis += Duration.between(scheduled, e.at()).toMillis();
                scheduled = null;
            }
        }
        return new Usage(transitions, tasks, taskMillis / 1000.0 * memoryMb / 1024.0, 0, 0, 0, false);
    }
}
