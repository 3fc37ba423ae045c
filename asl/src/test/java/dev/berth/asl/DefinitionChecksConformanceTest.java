package dev.berth.asl;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The specification's MUSTs on a definition, checked when it is parsed, before anything runs. */
class DefinitionChecksConformanceTest {
    private static void rejected(String state, String because) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AslStateMachine.parse("m", "{\"StartAt\": \"S\", \"States\": {\"S\": " + state + ", \"N\": {\"Type\": \"Succeed\"}}}", Map.of()),
                state);
        assertTrue(e.getMessage().contains(because), e.getMessage());
    }

    private static void accepted(String state) {
        assertDoesNotThrow(() -> AslStateMachine.parse("m", "{\"StartAt\": \"S\", \"States\": {\"S\": " + state + ", \"N\": {\"Type\": \"Succeed\"}}}",
                Map.of()));
    }

    @Test
    void statesAndTransitions() {
        rejected("{\"Type\": \"Sleep\", \"End\": true}", "no known Type");
        rejected("{\"Type\": \"Pass\", \"Next\": \"Nowhere\"}", "does not exist");
        rejected("{\"Type\": \"Succeed\", \"End\": true}", "cannot have End");
        rejected("{\"Type\": \"Choice\", \"Choices\": [{\"Variable\": \"$.a\", \"IsNull\": true, \"Next\": \"N\"}], \"End\": true}", "cannot have End");
        assertThrows(IllegalArgumentException.class, () -> AslStateMachine.parse("m",
                "{\"StartAt\": \"" + "x".repeat(81) + "\", \"States\": {\"" + "x".repeat(81) + "\": {\"Type\": \"Succeed\"}}}", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> AslStateMachine.parse("m",
                "{\"TimeoutSeconds\": 0, \"StartAt\": \"S\", \"States\": {\"S\": {\"Type\": \"Succeed\"}}}", Map.of()));
        accepted("{\"Type\": \"Pass\", \"Comment\": \"fine\", \"Next\": \"N\"}");
    }

    @Test
    void fieldsGivenDirectlyOrAsAPathButNotBoth() {
        rejected("{\"Type\": \"Task\", \"Resource\": \"r\", \"TimeoutSeconds\": 5, \"TimeoutSecondsPath\": \"$.t\", \"End\": true}", "both TimeoutSeconds");
        rejected("{\"Type\": \"Task\", \"Resource\": \"r\", \"HeartbeatSeconds\": 5, \"HeartbeatSecondsPath\": \"$.t\", \"End\": true}",
                "both HeartbeatSeconds");
        rejected("{\"Type\": \"Fail\", \"Error\": \"E\", \"ErrorPath\": \"$.e\"}", "both Error");
        rejected("{\"Type\": \"Fail\", \"Cause\": \"C\", \"CausePath\": \"$.c\"}", "both Cause");
        rejected("{\"Type\": \"Map\", \"MaxConcurrency\": 1, \"MaxConcurrencyPath\": \"$.m\", \"End\": true,"
                + " \"ItemProcessor\": {\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}}", "both MaxConcurrency");
        rejected("{\"Type\": \"Map\", \"ToleratedFailureCount\": 1, \"ToleratedFailureCountPath\": \"$.m\", \"End\": true,"
                + " \"ItemProcessor\": {\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}}", "both ToleratedFailureCount");
        rejected("{\"Type\": \"Wait\", \"Seconds\": 1, \"Timestamp\": \"2016-03-14T01:59:00Z\", \"End\": true}", "exactly one of Seconds");
        rejected("{\"Type\": \"Wait\", \"End\": true}", "exactly one of Seconds");
    }

    @Test
    void taskTimeouts() {
        rejected("{\"Type\": \"Task\", \"End\": true}", "no Resource");
        rejected("{\"Type\": \"Task\", \"Resource\": \"r\", \"TimeoutSeconds\": 0, \"End\": true}", "TimeoutSeconds is a positive integer");
        rejected("{\"Type\": \"Task\", \"Resource\": \"r\", \"TimeoutSeconds\": 1.5, \"End\": true}", "TimeoutSeconds is a positive integer");
        rejected("{\"Type\": \"Task\", \"Resource\": \"r\", \"TimeoutSeconds\": 60, \"HeartbeatSeconds\": 60, \"End\": true}", "below TimeoutSeconds");
        accepted("{\"Type\": \"Task\", \"Resource\": \"r\", \"TimeoutSeconds\": 300, \"HeartbeatSeconds\": 60, \"End\": true}");
    }

    @Test
    void retriersAndCatchers() {
        rejected("{\"Type\": \"Task\", \"Resource\": \"r\", \"End\": true, \"Retry\": [{\"ErrorEquals\": []}]}", "non-empty");
        rejected("{\"Type\": \"Task\", \"Resource\": \"r\", \"End\": true, \"Retry\": [{\"ErrorEquals\": [\"States.ALL\", \"E\"]}]}", "States.ALL must appear alone");
        rejected("{\"Type\": \"Task\", \"Resource\": \"r\", \"End\": true, \"Retry\": [{\"ErrorEquals\": [\"States.ALL\"]}, {\"ErrorEquals\": [\"E\"]}]}",
                "in the last retrier");
        rejected("{\"Type\": \"Task\", \"Resource\": \"r\", \"End\": true, \"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"Next\": \"N\"},"
                + " {\"ErrorEquals\": [\"E\"], \"Next\": \"N\"}]}", "in the last catcher");
        rejected("{\"Type\": \"Task\", \"Resource\": \"r\", \"End\": true, \"Retry\": [{\"ErrorEquals\": [\"E\"], \"BackoffRate\": 0.5}]}", "BackoffRate");
        rejected("{\"Type\": \"Task\", \"Resource\": \"r\", \"End\": true, \"Retry\": [{\"ErrorEquals\": [\"E\"], \"MaxAttempts\": -1}]}", "MaxAttempts");
        rejected("{\"Type\": \"Task\", \"Resource\": \"r\", \"End\": true, \"Retry\": [{\"ErrorEquals\": [\"E\"], \"IntervalSeconds\": 0}]}", "IntervalSeconds");
        rejected("{\"Type\": \"Task\", \"Resource\": \"r\", \"End\": true, \"Catch\": [{\"ErrorEquals\": [\"E\"], \"Next\": \"N\", \"ResultPath\": \"$$.x\"}]}",
                "ResultPath");
        accepted("{\"Type\": \"Task\", \"Resource\": \"r\", \"End\": true, \"Retry\": [{\"ErrorEquals\": [\"States.Timeout\"], \"MaxAttempts\": 0},"
                + " {\"ErrorEquals\": [\"States.ALL\"]}], \"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"Next\": \"N\"}]}");
    }

    @Test
    void resultPathIsAReferencePathOutsideTheContextObject() {
        rejected("{\"Type\": \"Pass\", \"ResultPath\": \"$$.Execution.x\", \"End\": true}", "ResultPath");
        rejected("{\"Type\": \"Pass\", \"ResultPath\": \"$.a[*]\", \"End\": true}", "ResultPath");
        rejected("{\"Type\": \"Pass\", \"ResultPath\": \"$..a\", \"End\": true}", "ResultPath");
        accepted("{\"Type\": \"Pass\", \"ResultPath\": \"$.a.b[0]\", \"End\": true}");
        accepted("{\"Type\": \"Pass\", \"ResultPath\": null, \"End\": true}");
    }

    @Test
    void compositeStates() {
        rejected("{\"Type\": \"Parallel\", \"Branches\": [], \"End\": true}", "needs Branches");
        rejected("{\"Type\": \"Map\", \"End\": true}", "needs an ItemProcessor");
        rejected("{\"Type\": \"Map\", \"ToleratedFailurePercentage\": 101, \"End\": true,"
                + " \"ItemProcessor\": {\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}}", "between 0 and 100");
        rejected("{\"Type\": \"Map\", \"End\": true, \"ItemProcessor\": {\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"Next\": \"N\"}}}}",
                "does not exist");
        rejected("{\"Type\": \"Choice\", \"Choices\": []}", "non-empty Choices");
        rejected("{\"Type\": \"Choice\", \"Choices\": [{\"Variable\": \"$.a\", \"IsNull\": true}]}", "needs Next");
    }
}
