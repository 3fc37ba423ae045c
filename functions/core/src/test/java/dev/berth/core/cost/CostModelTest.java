package dev.berth.core.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.berth.core.port.workflow.ExecutionHistory;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 19.5: an execution's usage from its history, and dollars at AWS's prices. */
class CostModelTest {
    private static final Instant T = Instant.parse("2026-11-29T10:00:00Z");

    private static ExecutionHistory.Event event(long id, String type, long millis) {
        return new ExecutionHistory.Event(id, type, "S" + id, T.plusMillis(millis), null);
    }

    @Test
    void aHistoryCountsItsTransitionsAndItsTasksTimeAtTheMemorySize() {
        ExecutionHistory history = new ExecutionHistory("as-1", "SUCCEEDED", T, T.plusSeconds(9), List.of(
                event(1, "ExecutionStarted", 0), event(2, "TaskStateEntered", 0), event(3, "TaskScheduled", 0),
                event(4, "TaskSucceeded", 1500), event(5, "TaskStateExited", 1500), event(6, "WaitStateEntered", 1500),
                event(7, "WaitStateExited", 6500), event(8, "TaskStateEntered", 6500), event(9, "LambdaFunctionScheduled", 6500),
                event(10, "LambdaFunctionFailed", 7000), event(11, "ChoiceStateEntered", 7000), event(12, "ExecutionSucceeded", 9000)));
        Usage usage = HistoryUsageMeter.of(history, 2048);
        assertEquals(4, usage.stateTransitions());
        assertEquals(2, usage.lambdaInvocations());
        assertEquals(2.0 * 2, usage.lambdaGbSeconds(), 1e-9, "two seconds of tasks at 2 GB");
        assertFalse(usage.capacityMeasured(), "a history holds no DynamoDB capacity");
    }

    @Test
    void dollarsArePricesTimesQuantities() {
        Usage usage = new Usage(1_000, 1_000_000, 1_000, 1_000_000, 1_000_000, 1_000_000, true);
        Prices.Cost cost = Prices.US_EAST_1.cost(usage);
        assertEquals(0.025, cost.stepFunctions(), 1e-12);
        assertEquals(0.20 + 1_000 * 0.0000166667, cost.lambda(), 1e-12);
        assertEquals(0.125 + 0.625, cost.dynamoDb(), 1e-12);
        assertEquals(1.00, cost.apiGateway(), 1e-12);
        assertEquals(0.025 + 0.20 + 0.0166667 + 0.75 + 1.00, cost.total(), 1e-9);
        assertEquals(usage.times(2).minus(usage), usage);
    }
}
