package dev.berth.local.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.cost.Usage;
import dev.berth.core.port.Workflows;
import dev.berth.core.port.workflow.ExecutionHistory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the local runtime's records say of an execution, and what they say of one they never saw. */
class LocalUsageTest {
    private static final Instant T = Instant.parse("2026-11-29T10:00:00Z");

    private static Workflows historyOfTwoStates() {
        return new Workflows() {
            @Override
            public boolean start(String stateMachine, String executionName, String inputJson) {
                return false;
            }

            @Override
            public Optional<ExecutionHistory> history(String stateMachine, String executionName) {
                return Optional.of(new ExecutionHistory(executionName, "SUCCEEDED", T, T.plusSeconds(2), List.of(
                        new ExecutionHistory.Event(1, "TaskStateEntered", "A", T, null),
                        new ExecutionHistory.Event(2, "TaskScheduled", "A", T, null),
                        new ExecutionHistory.Event(3, "TaskSucceeded", "A", T.plusSeconds(1), null),
                        new ExecutionHistory.Event(4, "SucceedStateEntered", "B", T.plusSeconds(1), null))));
            }
        };
    }

    @Test
    void aTaskRunWithinAnExecutionCountsForItAndForTheTotal() throws Exception {
        LocalUsage usage = new LocalUsage();
        usage.readTransitionsFrom(historyOfTwoStates());
        usage.within("M", "e1", () -> {
            usage.invocation(2_000_000_000L, 512);
            return null;
        });
        usage.invocation(1_000_000_000L, 1024); // outside any execution: the total only
        Usage e1 = usage.ofExecution("M", "e1").orElseThrow();
        assertEquals(2, e1.stateTransitions());
        assertEquals(1, e1.lambdaInvocations());
        assertEquals(1.0, e1.lambdaGbSeconds(), 1e-9, "2 s at 512 MB");
        assertTrue(e1.capacityMeasured());
        assertEquals(2.0, usage.total(0).lambdaGbSeconds(), 1e-9);
    }

    @Test
    void anExecutionOfAnEarlierRunIsPricedFromItsHistoryWithoutCapacity() {
        LocalUsage usage = new LocalUsage();
        usage.readTransitionsFrom(historyOfTwoStates());
        Usage kept = usage.ofExecution("M", "from-before").orElseThrow();
        assertEquals(1, kept.lambdaInvocations(), "its task, from the history");
        assertFalse(kept.capacityMeasured(), "its DynamoDB capacity went with the earlier process");
    }
}
