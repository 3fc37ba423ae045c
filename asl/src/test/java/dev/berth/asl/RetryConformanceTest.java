package dev.berth.asl;

import static dev.berth.asl.Asl.json;
import static dev.berth.asl.Asl.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retriers and catchers as the specification's "Retrying after error" and "Fallback states" describe them. */
class RetryConformanceTest {
    private static List<Duration> delays(String retriers, String... errors) {
        JsonNode retry = json(retriers);
        int[] attempts = new int[retry.size()];
        List<Duration> delays = new ArrayList<>();
        for (String error : errors) {
            delays.add(ErrorHandling.retryDelay(retry, attempts, new TaskFailure(error, null)));
        }
        return delays;
    }

    @Test
    void intervalsGrowByBackoffRateUpToMaxAttempts() {
        // "a Retrier which will make 2 retry attempts after waits of 3 and 6 seconds"
        assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(6)),
                delays("[{\"ErrorEquals\": [\"States.Timeout\"], \"IntervalSeconds\": 3, \"MaxAttempts\": 2, \"BackoffRate\": 2.0}]",
                        "States.Timeout", "States.Timeout"));
        assertNull(delays("[{\"ErrorEquals\": [\"States.Timeout\"], \"IntervalSeconds\": 3, \"MaxAttempts\": 2, \"BackoffRate\": 2.0}]",
                "States.Timeout", "States.Timeout", "States.Timeout").get(2), "no third retry");
        // "the same example, but with a maximum limit of 4 seconds on the retry interval"
        assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(4)), delays(
                "[{\"ErrorEquals\": [\"States.Timeout\"], \"IntervalSeconds\": 3, \"MaxAttempts\": 2, \"BackoffRate\": 2.0, \"MaxDelaySeconds\": 4}]",
                "States.Timeout", "States.Timeout"));
        // Defaults: IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0.
        List<Duration> defaults = delays("[{\"ErrorEquals\": [\"E\"]}]", "E", "E", "E", "E");
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), defaults.subList(0, 3));
        assertNull(defaults.get(3));
        assertNull(delays("[{\"ErrorEquals\": [\"E\"], \"MaxAttempts\": 0}]", "E").get(0), "MaxAttempts 0: never retried");
        assertNull(delays("[{\"ErrorEquals\": [\"E\"]}]", "Other").get(0), "no retrier for the error");
    }

    @Test
    void aFullJitterStrategyWaitsAtMostTheInterval() {
        for (int i = 0; i < 20; i++) {
            Duration delay = delays("[{\"ErrorEquals\": [\"E\"], \"IntervalSeconds\": 2, \"JitterStrategy\": \"FULL\"}]", "E").get(0);
            assertTrue(!delay.isNegative() && delay.compareTo(Duration.ofSeconds(2)) <= 0, delay.toString());
        }
        assertEquals(Duration.ofSeconds(2), delays("[{\"ErrorEquals\": [\"E\"], \"IntervalSeconds\": 2, \"JitterStrategy\": \"NONE\"}]", "E").get(0));
    }

    @Test
    void theSpecificationsComplexRetryScenario() {
        // ErrorA, ErrorB, ErrorC, ErrorB: waits of 1, 2 and 5 seconds, then the first retrier has used its 2 attempts.
        String retriers = "[{\"ErrorEquals\": [\"ErrorA\", \"ErrorB\"], \"IntervalSeconds\": 1, \"BackoffRate\": 2, \"MaxAttempts\": 2},"
                + " {\"ErrorEquals\": [\"ErrorC\"], \"IntervalSeconds\": 5}]";
        List<Duration> delays = delays(retriers, "ErrorA", "ErrorB", "ErrorC", "ErrorB");
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)), delays.subList(0, 3));
        assertNull(delays.get(3));
        // ... and execution is redirected to Z through the catcher.
        Iterator<String> errors = List.of("ErrorA", "ErrorB", "ErrorC", "ErrorB").iterator();
        AslExecution e = run("""
                {"StartAt": "X", "States": {"X": {"Type": "Task", "Resource": "${Fn}", "Next": "Y", "Retry": %s,
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Z"}]}, "Y": {"Type": "Succeed"}, "Z": {"Type": "Pass", "End": true}}}"""
                .formatted(retriers), "{}", (s, r, i) -> {
                    throw new TaskFailure(errors.next(), null);
                });
        assertEquals(List.of("X", "Z"), e.statesEntered());
        assertEquals("ErrorB", e.output().get("Error").asText());
        assertEquals(4, e.history().stream().filter(h -> h.type().equals("TaskFailed")).count());
    }

    @Test
    void retrierCountsResetWhenTheStateIsEnteredAgain() {
        int[] calls = {0};
        AslExecution e = run("""
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "${Fn}", "Next": "Again", "Retry": [{"ErrorEquals": ["Flaky"], "MaxAttempts": 1}]},
                  "Again": {"Type": "Choice", "Choices": [{"Variable": "$.round", "NumericEquals": 1, "Next": "T"}], "Default": "Done"},
                  "Done": {"Type": "Succeed"}}}""", "{}", (s, r, i) -> {
                    calls[0]++;
                    if (calls[0] % 2 == 1) {
                        throw new TaskFailure("Flaky", "odd call");
                    }
                    return json("{\"round\": " + calls[0] / 2 + "}");
                });
        assertEquals(AslExecution.Status.SUCCEEDED, e.status(), e.cause());
        assertEquals(4, calls[0], "each visit of T had its own retry");
    }

    @Test
    void catchersAreScannedInOrderAfterTheRetriers() {
        int[] calls = {0};
        AslExecution e = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${Fn}", "End": true,
                  "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}],
                  "Catch": [{"ErrorEquals": ["java.lang.Exception"], "ResultPath": "$.error-info", "Next": "RecoveryState"},
                            {"ErrorEquals": ["States.ALL"], "Next": "EndMachine"}]},
                  "RecoveryState": {"Type": "Pass", "End": true}, "EndMachine": {"Type": "Pass", "End": true}}}""", "{\"in\": 1}", (s, r, i) -> {
                    calls[0]++;
                    throw new TaskFailure("java.lang.Exception", "boom");
                });
        assertEquals(2, calls[0]);
        assertEquals(List.of("T", "RecoveryState"), e.statesEntered());
        assertEquals(json("{\"in\": 1, \"error-info\": {\"Error\": \"java.lang.Exception\", \"Cause\": \"boom\"}}"), e.output());
    }
}
