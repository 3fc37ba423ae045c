package dev.berth.asl;

import static dev.berth.asl.Asl.json;
import static dev.berth.asl.Asl.machine;
import static dev.berth.asl.Asl.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Every predefined error name of the specification's Appendix A (and States.Runtime), raised
 * where the specification says, and how Retry and Catch match it.
 */
class ErrorNamesConformanceTest {
    /** A Task that fails with {@code error}, under {@code retryAndCatch}; its catchers go to Caught (whose output is the Error Output). */
    private static AslExecution failingTask(String error, String retryAndCatch, AtomicInteger calls) {
        return run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${Fn}", "End": true %s}, "Caught": {"Type": "Pass", "End": true}}}"""
                .formatted(retryAndCatch), "{}", (s, r, i) -> {
                    calls.incrementAndGet();
                    throw new TaskFailure(error, "because");
                });
    }

    private static JsonNode sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return json("{\"done\": true}");
    }

    private static String catcher(String... names) {
        return ", \"Catch\": [{\"ErrorEquals\": [\"" + String.join("\", \"", names) + "\"], \"Next\": \"Caught\"}]";
    }

    private static boolean caught(String error, String... names) {
        AslExecution e = failingTask(error, catcher(names), new AtomicInteger());
        return e.status() == AslExecution.Status.SUCCEEDED && e.statesEntered().contains("Caught");
    }

    @Test
    void statesAllMatchesEveryErrorNameButStatesRuntime() {
        for (String error : List.of("Custom.Error", "States.Timeout", "States.TaskFailed", "States.HeartbeatTimeout", "States.Permissions",
                "States.ParameterPathFailure", "States.ResultPathMatchFailure", "States.IntrinsicFailure", "States.BranchFailed")) {
            assertTrue(caught(error, "States.ALL"), error);
        }
        assertTrue(!caught("States.Runtime", "States.ALL"), "a catcher on States.ALL does not catch States.Runtime");
        AtomicInteger calls = new AtomicInteger();
        AslExecution retried = failingTask("States.Runtime", ", \"Retry\": [{\"ErrorEquals\": [\"States.ALL\"], \"MaxAttempts\": 3}]" + catcher("States.ALL"), calls);
        assertEquals(1, calls.get(), "a retrier on States.ALL does not retry States.Runtime");
        assertEquals(AslExecution.Status.FAILED, retried.status());
        assertEquals("States.Runtime", retried.error());
        // States.Runtime raised by the interpreter itself (here an InputPath that selects nothing) is not caught either.
        AslExecution inBranch = run("""
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}], "Retry": [{"ErrorEquals": ["States.ALL"]}],
                  "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "InputPath": "$.missing", "End": true}}}]},
                  "H": {"Type": "Succeed"}}}""", "{}");
        assertEquals("States.Runtime", inBranch.error());
        assertEquals(List.of("P", "B"), inBranch.statesEntered());
    }

    @Test
    void errorsMatchByTheirExactCaseSensitiveName() {
        assertTrue(caught("Custom.Error", "Other", "Custom.Error"));
        assertTrue(!caught("Custom.Error", "custom.error"));
        assertTrue(!caught("Custom.Error", "Custom"));
    }

    @Test
    void statesTaskFailed() {
        // A resource that fails in any other way than with a named error: States.TaskFailed.
        AslExecution thrown = run(machine("{\"Type\": \"Task\", \"Resource\": \"${Fn}\", \"End\": true}"), "{}", (s, r, i) -> {
            throw new IllegalStateException("the function crashed");
        });
        assertEquals("States.TaskFailed", thrown.error());
        assertTrue(thrown.cause().contains("the function crashed"), thrown.cause());
        // As an ErrorEquals name it matches the errors a task reports itself, not the interpreter's States.* errors.
        assertTrue(caught("States.TaskFailed", "States.TaskFailed"));
        assertTrue(caught("java.lang.Exception", "States.TaskFailed"));
        assertTrue(!caught("States.Timeout", "States.TaskFailed"));
        assertTrue(!caught("States.Permissions", "States.TaskFailed"));
    }

    @Test
    void statesTimeoutForTimeoutSecondsAndTimeoutSecondsPath() {
        TaskInvoker slow = (s, r, i) -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return json("{}");
        };
        long started = System.nanoTime();
        AslExecution path = run(machine("{\"Type\": \"Task\", \"Resource\": \"${Fn}\", \"TimeoutSecondsPath\": \"$.limit\", \"End\": true}"),
                "{\"limit\": 0.2}", slow);
        assertEquals("States.Timeout", path.error());
        assertTrue(System.nanoTime() - started < 2_000_000_000L, "the task was not waited for");
        assertEquals("States.Runtime", Asl.outcome(run(machine(
                "{\"Type\": \"Task\", \"Resource\": \"${Fn}\", \"TimeoutSecondsPath\": \"$.limit\", \"End\": true}"), "{\"limit\": \"soon\"}", slow)));
        // The specification's retrier example: States.Timeout retried twice.
        AtomicInteger calls = new AtomicInteger();
        AslExecution retried = failingTask("States.Timeout",
                ", \"Retry\": [{\"ErrorEquals\": [\"States.Timeout\"], \"IntervalSeconds\": 3, \"MaxAttempts\": 2, \"BackoffRate\": 2.0}]", calls);
        assertEquals(3, calls.get());
        assertEquals("States.Timeout", retried.error());
    }

    @Test
    void statesTimeoutForTheStateMachinesTimeoutSecondsEndsTheExecutionWhateverItsCatchers() {
        AslExecution e = AslStateMachine.parse("test", """
                {"TimeoutSeconds": 1, "StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}],
                  "Branches": [{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 30, "End": true}}}]}, "H": {"Type": "Succeed"}}}""",
                java.util.Map.of()).run("e1", json("{}"), Asl.NO_TASKS, 1.0);
        assertEquals(AslExecution.Status.TIMED_OUT, e.status());
        assertEquals("States.Timeout", e.error());
        assertEquals(List.of("P", "W"), e.statesEntered(), "the catcher did not run");
        assertTrue(e.history().stream().anyMatch(h -> h.type().equals("ExecutionTimedOut")));
        AslExecution task = AslStateMachine.parse("test", """
                {"TimeoutSeconds": 1, "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "fn", "End": true,
                  "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "H"}]}, "H": {"Type": "Succeed"}}}""", java.util.Map.of())
                .run("e2", json("{}"), (s, r, i) -> sleep(5000), 1.0);
        assertEquals(AslExecution.Status.TIMED_OUT, task.status());
        assertEquals(List.of("T"), task.statesEntered());
    }

    /**
     * States.HeartbeatTimeout needs heartbeats: only activities and {@code .waitForTaskToken} tasks
     * send them (SendTaskHeartbeat with a task token). The local interpreter calls every resource
     * synchronously through a {@link TaskInvoker}, with no task token, so no heartbeat is ever due
     * and HeartbeatSeconds cannot expire. A resource may still report the error itself: it is then
     * matched like any other States.* name.
     */
    @Test
    void statesHeartbeatTimeoutCannotArise() {
        AslExecution e = run(machine("{\"Type\": \"Task\", \"Resource\": \"${Fn}\", \"HeartbeatSeconds\": 1, \"TimeoutSeconds\": 5, \"End\": true}"),
                "{}", (s, r, i) -> sleep(1300));
        assertEquals(AslExecution.Status.SUCCEEDED, e.status(), "no heartbeat is due from a synchronous call");
        assertTrue(caught("States.HeartbeatTimeout", "States.HeartbeatTimeout"));
        assertTrue(caught("States.HeartbeatTimeout", "States.ALL"));
        assertTrue(!caught("States.HeartbeatTimeout", "States.TaskFailed"));
    }

    /**
     * States.Permissions is a task lacking the privileges (IAM) to run its resource. The local
     * interpreter has no IAM: it runs every resource it is given, so it never raises it. A
     * resource may report it itself: it is matched by name and by States.ALL.
     */
    @Test
    void statesPermissionsCannotArise() {
        assertTrue(caught("States.Permissions", "States.Permissions"));
        assertTrue(caught("States.Permissions", "States.ALL"));
        AslExecution e = failingTask("States.Permissions", "", new AtomicInteger());
        assertEquals("States.Permissions", e.error());
    }

    @Test
    void statesResultPathMatchFailureIsTheStatesErrorUnderItsCatchers() {
        AslExecution e = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${Fn}", "ResultPath": "$.r", "End": true,
                  "Catch": [{"ErrorEquals": ["States.ResultPathMatchFailure"], "Next": "H"}]}, "H": {"Type": "Pass", "End": true}}}""",
                "\"not an object\"", (s, r, i) -> json("1"));
        assertEquals(AslExecution.Status.SUCCEEDED, e.status());
        assertEquals("States.ResultPathMatchFailure", e.output().get("Error").asText());
    }

    @Test
    void statesParameterPathFailureIsTheStatesErrorUnderItsRetryAndCatch() {
        AtomicInteger calls = new AtomicInteger();
        AslExecution e = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${Fn}", "Parameters": {"id.$": "$.id"}, "End": true,
                  "Retry": [{"ErrorEquals": ["States.ParameterPathFailure"], "MaxAttempts": 1}],
                  "Catch": [{"ErrorEquals": ["States.ParameterPathFailure"], "ResultPath": "$.error", "Next": "H"}]},
                  "H": {"Type": "Pass", "End": true}}}""", "{\"other\": 1}", (s, r, i) -> {
                    calls.incrementAndGet();
                    return json("{}");
                });
        assertEquals(0, calls.get(), "the resource never ran");
        assertEquals("States.ParameterPathFailure", e.output().path("error").path("Error").asText());
        assertEquals(1, e.output().get("other").asInt());
    }

    @Test
    void statesBranchFailedMatchesTheErrorOfAFailedParallelBranch() {
        String parallel = """
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, %s,
                  "Branches": [{"StartAt": "Ok", "States": {"Ok": {"Type": "Pass", "End": true}}},
                               {"StartAt": "Bad", "States": {"Bad": {"Type": "Fail", "Error": "Custom", "Cause": "branch two"}}}]},
                  "H": {"Type": "Pass", "End": true}}}""";
        AslExecution e = run(parallel.formatted("\"Catch\": [{\"ErrorEquals\": [\"States.BranchFailed\"], \"Next\": \"H\"}]"), "{}");
        assertEquals(AslExecution.Status.SUCCEEDED, e.status());
        assertEquals(json("{\"Error\": \"Custom\", \"Cause\": \"branch two\"}"), e.output(), "the branch's own error is reported");
        AslExecution uncaught = run(parallel.formatted("\"Catch\": [{\"ErrorEquals\": [\"Other\"], \"Next\": \"H\"}]"), "{}");
        assertEquals("Custom", uncaught.error(), "an unhandled branch failure fails the execution with the branch's error");
        assertEquals(AslExecution.Status.FAILED, uncaught.status());
        AslExecution retried = run(parallel.formatted("\"Retry\": [{\"ErrorEquals\": [\"States.BranchFailed\"], \"MaxAttempts\": 2}]"), "{}");
        assertEquals(List.of("P", "Ok", "Bad", "Ok", "Bad", "Ok", "Bad"), retried.statesEntered());
        assertTrue(!caught("Custom", "States.BranchFailed"), "a Task's own error is not a branch's");
    }

    @Test
    void statesNoChoiceMatched() {
        AslExecution e = run("""
                {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsNull": true, "Next": "D"}]},
                  "D": {"Type": "Succeed"}}}""", "{\"a\": 1}");
        assertEquals(AslExecution.Status.FAILED, e.status());
        assertEquals("States.NoChoiceMatched", e.error());
    }

    @Test
    void statesIntrinsicFailure() {
        for (String call : List.of("States.Nope(1)", "States.ArrayGetItem($.a, 9)", "States.StringToJson('{not json')",
                "States.Format('{} {}', 'one')", "States.Format('{}', 'one', 'two')", "States.Format('{}', $.a)", "States.ArrayPartition($.a, 0)",
                "States.ArrayRange(1, 2, 0)", "States.Base64Decode('%%%')", "States.Hash('x', 'SHA-999')", "States.JsonMerge($.a, $.a, false)",
                "States.ArrayLength(", "States.ArrayLength(1)", "States.ArrayRange(1, 2000, 1)", "States.ArrayRange(1, 5, 1.5)", "States.Format('a\\b')", "States.Array(1 2)", "States.MathAdd(1)")) {
            AslExecution e = run(machine("{\"Type\": \"Pass\", \"Parameters\": {\"x.$\": \"" + call.replace("\\", "\\\\") + "\"}, \"End\": true}"),
                    "{\"a\": [1, 2]}");
            assertEquals("States.IntrinsicFailure", e.error(), call + ": " + e.cause());
        }
        assertTrue(caught("States.IntrinsicFailure", "States.ALL"));
    }

    @Test
    void statesExceedToleratedFailureThreshold() {
        String map = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, %s,
                  "ItemProcessor": {"StartAt": "Check", "States": {
                    "Check": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericGreaterThan": 0, "Next": "Ok"}], "Default": "Bad"},
                    "Ok": {"Type": "Pass", "End": true}, "Bad": {"Type": "Fail", "Error": "Negative", "Cause": "below zero"}}}}}}""";
        AslExecution tolerated = run(map.formatted("\"ToleratedFailureCount\": 1"), "[1, -1, 2]");
        assertEquals(AslExecution.Status.SUCCEEDED, tolerated.status());
        assertEquals(json("[1, {\"Error\": \"Negative\", \"Cause\": \"below zero\"}, 2]"), tolerated.output());
        AslExecution exceeded = run(map.formatted("\"ToleratedFailureCount\": 1"), "[1, -1, -2, 3]");
        assertEquals("States.ExceedToleratedFailureThreshold", exceeded.error());
        assertEquals("States.ExceedToleratedFailureThreshold", Asl.outcome(run(map.formatted("\"ToleratedFailurePercentage\": 40"), "[1, -1, -2]")));
        assertEquals("SUCCEEDED", Asl.outcome(run(map.formatted("\"ToleratedFailurePercentage\": 50"), "[1, -1]")));
        assertEquals("SUCCEEDED", Asl.outcome(run(map.formatted("\"ToleratedFailurePercentage\": 100"), "[-1, -2]")));
        assertEquals("States.ExceedToleratedFailureThreshold", Asl.outcome(run(map.formatted(
                "\"ToleratedFailurePercentage\": 100, \"ToleratedFailureCount\": 1"), "[-1, -2]")), "either threshold breached fails the Map");
        AslExecution byPath = run("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ToleratedFailureCountPath": "$.tolerate", "End": true,
                  "ItemProcessor": {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}}}}}""", "{\"items\": [1, 2], \"tolerate\": 1}");
        assertEquals("States.ExceedToleratedFailureThreshold", byPath.error());
        assertEquals("Negative", run(map.formatted("\"MaxConcurrency\": 0"), "[1, -1]").error(),
                "without a tolerance a failed iteration fails the Map with its own error");
    }

    @Test
    void statesItemReaderFailed() {
        String map = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemsPath": "$.rows",
                  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Key.$": "$.key"}, "ReaderConfig": {"MaxItems": 2}},
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}""";
        AslExecution read = run(map, "{\"key\": \"k\"}", (state, resource, input) -> {
            assertEquals("M", state);
            assertEquals("arn:aws:states:::s3:getObject", resource);
            assertEquals(json("{\"Key\": \"k\"}"), input);
            return json("{\"rows\": [\"a\", \"b\", \"c\"]}");
        });
        assertEquals(json("[\"a\", \"b\"]"), read.output(), "the reader's items, ItemsPath in them, at most MaxItems");
        AslExecution failed = run(map, "{\"key\": \"k\"}", (s, r, i) -> {
            throw new TaskFailure("S3.NoSuchKey", "no object k");
        });
        assertEquals("States.ItemReaderFailed", failed.error());
        assertTrue(failed.cause().contains("S3.NoSuchKey"), failed.cause());
    }

    @Test
    void statesResultWriterFailed() {
        String map = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
                  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "results"}},
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}""";
        AslExecution written = run(map, "[1, 2]", (state, resource, input) -> {
            assertEquals(json("{\"Bucket\": \"results\", \"Results\": [1, 2]}"), input);
            return json("{\"Key\": \"out.json\"}");
        });
        assertEquals(json("{\"ResultWriterDetails\": {\"Key\": \"out.json\"}}"), written.output());
        AslExecution failed = run(map, "[1, 2]", (s, r, i) -> {
            throw new IllegalStateException("disk full");
        });
        assertEquals("States.ResultWriterFailed", failed.error());
        assertTrue(failed.cause().contains("disk full"), failed.cause());
    }

    @Test
    void statesRuntime() {
        assertEquals("States.Runtime", Asl.outcome(run(machine("{\"Type\": \"Pass\", \"InputPath\": \"$.nope\", \"End\": true}"), "{}")));
        assertEquals("States.Runtime", Asl.outcome(run(machine("""
                {"Type": "Map", "ItemsPath": "$.notAnArray", "End": true,
                 "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}"""), "{\"notAnArray\": 1}")));
        assertEquals("States.Runtime", Asl.outcome(run(machine("{\"Type\": \"Fail\", \"ErrorPath\": \"$.nope\"}"), "{}")));
        assertEquals("States.Runtime", Asl.outcome(run(machine("{\"Type\": \"Wait\", \"SecondsPath\": \"$.s\", \"End\": true}"), "{\"s\": \"ten\"}")));
        assertEquals("States.Runtime", Asl.outcome(run(machine("{\"Type\": \"Wait\", \"TimestampPath\": \"$.t\", \"End\": true}"), "{\"t\": \"tomorrow\"}")));
    }

    @Test
    void theErrorOutputOfACatcherAtItsResultPath() {
        AslExecution e = failingTask("Custom", ", \"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"ResultPath\": \"$.error-info\", \"Next\": \"Caught\"}]",
                new AtomicInteger());
        JsonNode output = e.output();
        assertEquals(json("{\"error-info\": {\"Error\": \"Custom\", \"Cause\": \"because\"}}"), output);
        AslExecution discarded = failingTask("Custom", ", \"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"ResultPath\": null, \"Next\": \"Caught\"}]",
                new AtomicInteger());
        assertEquals(json("{}"), discarded.output(), "ResultPath null keeps the state's input");
    }
}
