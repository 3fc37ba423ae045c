package dev.berth.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The interpreter against the States Language specification itself (states-language.net), not
 * only against the project's machines: its examples and edge cases.
 */
class AslConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AslExecution run(String definition, String input, TaskInvoker tasks) throws Exception {
        return AslStateMachine.parse("test", definition, Map.of("Fn", "arn:local:fn"))
                .run("e1", JSON.readTree(input), tasks, 0);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void inputAndOutputProcessingFollowTheSpecOrder() throws Exception {
        // InputPath -> Parameters -> (task) -> ResultSelector -> ResultPath -> OutputPath, as in the spec's example.
        List<JsonNode> seen = new ArrayList<>();
        AslExecution e = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${Fn}",
                  "InputPath": "$.library", "Parameters": {"staticValue": 42, "book.$": "$.books[1]", "name.$": "$$.Execution.Name"},
                  "ResultSelector": {"title.$": "$.Title"}, "ResultPath": "$.lookup.result", "OutputPath": "$.lookup", "End": true}}}""",
                "{\"library\": {\"books\": [\"a\", \"b\"]}}", (state, resource, input) -> {
                    seen.add(input);
                    assertEquals("arn:local:fn", resource);
                    return json("{\"Title\": \"Moby\", \"Other\": 1}");
                });
        assertEquals(AslExecution.Status.SUCCEEDED, e.status());
        assertEquals(json("{\"staticValue\": 42, \"book\": \"b\", \"name\": \"e1\"}"), seen.get(0));
        assertEquals(json("{\"result\": {\"title\": \"Moby\"}}"), e.output());
    }

    @Test
    void retryCountsAttemptsAndBackoffThenCatchKeepsTheErrorAtItsResultPath() throws Exception {
        int[] calls = {0};
        AslExecution e = run("""
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "${Fn}", "Next": "Done",
                    "Retry": [{"ErrorEquals": ["Other"], "MaxAttempts": 5}, {"ErrorEquals": ["Flaky"], "MaxAttempts": 2, "IntervalSeconds": 1, "BackoffRate": 3}],
                    "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Handled"}]},
                  "Done": {"Type": "Succeed"}, "Handled": {"Type": "Pass", "End": true}}}""",
                "{\"keep\": true}", (state, resource, input) -> {
                    calls[0]++;
                    throw new TaskFailure("Flaky", "try " + calls[0]);
                });
        assertEquals(3, calls[0], "one attempt and two retries");
        assertEquals(AslExecution.Status.SUCCEEDED, e.status());
        assertEquals(json("{\"keep\": true, \"error\": {\"Error\": \"Flaky\", \"Cause\": \"try 3\"}}"), e.output());
        assertEquals(List.of("T", "Handled"), e.statesEntered());
        assertEquals(3, e.history().stream().filter(h -> h.type().equals("TaskFailed")).count());
    }

    @Test
    void maxAttemptsZeroNeverRetriesAndAnUncaughtErrorFailsTheExecution() throws Exception {
        int[] calls = {0};
        AslExecution e = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${Fn}", "End": true,
                  "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 0}]}}}""", "{}", (s, r, i) -> {
                    calls[0]++;
                    throw new TaskFailure("Boom", "no");
                });
        assertEquals(1, calls[0]);
        assertEquals(AslExecution.Status.FAILED, e.status());
        assertEquals("Boom", e.error());
    }

    @Test
    void choiceRulesCompareByTypeAndAMissingVariableIsARuntimeError() throws Exception {
        String definition = """
                {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [
                  {"And": [{"Variable": "$.n", "NumericGreaterThanEquals": 10}, {"Not": {"Variable": "$.s", "StringEquals": "x"}}], "Next": "Big"},
                  {"Variable": "$.s", "StringMatches": "log-*.txt", "Next": "Log"},
                  {"Variable": "$.t", "TimestampLessThanPath": "$.limit", "Next": "Early"},
                  {"Variable": "$.missing", "IsPresent": false, "Next": "Absent"}],
                  "Default": "Other"},
                  "Big": {"Type": "Succeed"}, "Log": {"Type": "Succeed"}, "Early": {"Type": "Succeed"}, "Absent": {"Type": "Succeed"},
                  "Other": {"Type": "Succeed"}}}""";
        TaskInvoker none = (s, r, i) -> null;
        assertEquals(List.of("C", "Big"), run(definition, "{\"n\": 10, \"s\": \"y\"}", none).statesEntered());
        assertEquals(List.of("C", "Log"), run(definition, "{\"n\": \"10\", \"s\": \"log-1.txt\"}", none).statesEntered(), "\"10\" is not a number");
        assertEquals(List.of("C", "Early"), run(definition, "{\"n\": 1, \"s\": \"a\", \"t\": \"2026-01-01T00:00:00Z\", \"limit\": \"2026-02-01T00:00:00Z\"}", none).statesEntered());
        AslExecution missing = run("""
                {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.nope", "StringEquals": "x", "Next": "D"}],
                  "Default": "D"}, "D": {"Type": "Succeed"}}}""", "{}", none);
        assertEquals("States.Runtime", missing.error());
        AslExecution noMatch = run("""
                {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "BooleanEquals": true, "Next": "D"}]},
                  "D": {"Type": "Succeed"}}}""", "{\"a\": false}", none);
        assertEquals("States.NoChoiceMatched", noMatch.error());
    }

    @Test
    void parallelAndMapKeepTheirOrderAndContext() throws Exception {
        AslExecution e = run("""
                {"StartAt": "P", "States": {
                  "P": {"Type": "Parallel", "ResultPath": "$.branches", "Next": "M", "Branches": [
                    {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "first", "End": true}}},
                    {"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": "second", "End": true}}}]},
                  "M": {"Type": "Map", "ItemsPath": "$.items", "ItemSelector": {"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"},
                    "ItemProcessor": {"StartAt": "Double", "States": {"Double": {"Type": "Task", "Resource": "${Fn}", "End": true}}},
                    "ResultPath": "$.mapped", "End": true}}}""",
                "{\"items\": [1, 2, 3]}", (s, r, input) -> json("{\"v\": " + input.get("value").asInt() * 2
                        + ", \"i\": " + input.get("index").asInt() + "}"));
        assertEquals(json("[\"first\", \"second\"]"), e.output().get("branches"));
        assertEquals(json("[{\"v\":2,\"i\":0},{\"v\":4,\"i\":1},{\"v\":6,\"i\":2}]"), e.output().get("mapped"));
        assertEquals(List.of("P", "A", "B", "M", "Double", "Double", "Double"), e.statesEntered());
    }

    @Test
    void intrinsicsFailWithPathsAndResultPathNull() throws Exception {
        AslExecution e = run("""
                {"StartAt": "F", "States": {
                  "F": {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('Hello, {}! You are {}.', $.name, $.age)",
                    "parsed.$": "States.StringToJson($.raw)", "list.$": "States.Array($.age, 'x')", "text.$": "States.JsonToString($.obj)"},
                    "ResultPath": "$.out", "Next": "Discard"},
                  "Discard": {"Type": "Pass", "Result": {"ignored": true}, "ResultPath": null, "Next": "Boom"},
                  "Boom": {"Type": "Fail", "ErrorPath": "$.out.greeting", "CausePath": "$.out.text"}}}""",
                "{\"name\": \"Ada\", \"age\": 36, \"raw\": \"{\\\"a\\\":1}\", \"obj\": {\"b\": 2}}", (s, r, i) -> null);
        assertEquals(AslExecution.Status.FAILED, e.status());
        assertEquals("Hello, Ada! You are 36.", e.error());
        assertEquals("{\"b\":2}", e.cause());
        assertTrue(e.history().stream().anyMatch(h -> h.type().equals("PassStateExited") && h.detail().contains("\"parsed\":{\"a\":1}")));
        assertTrue(e.history().stream().anyMatch(h -> h.detail() != null && h.detail().contains("\"list\":[36,\"x\"]")));
    }

    @Test
    void theSpecsIntrinsicFunctions() throws Exception {
        AslExecution e = run("""
                {"StartAt": "F", "States": {"F": {"Type": "Pass", "End": true, "Parameters": {
                  "chunks.$": "States.ArrayPartition($.a, 2)", "has.$": "States.ArrayContains($.a, 3)", "range.$": "States.ArrayRange(1, 9, 4)",
                  "second.$": "States.ArrayGetItem($.a, 1)", "length.$": "States.ArrayLength($.a)", "unique.$": "States.ArrayUnique($.dup)",
                  "b64.$": "States.Base64Encode('Data to encode')", "plain.$": "States.Base64Decode('RGF0YSB0byBlbmNvZGU=')",
                  "hash.$": "States.Hash('input data', 'SHA-1')", "merged.$": "States.JsonMerge($.x, $.y, false)",
                  "sum.$": "States.MathAdd(111, -1)", "parts.$": "States.StringSplit('1,2, 3', ', ')",
                  "random.$": "States.MathRandom(1, 10)", "id.$": "States.UUID()"}}}}""",
                "{\"a\": [1, 2, 3, 4, 5], \"dup\": [1, 1, 2, 1], \"x\": {\"k\": 1, \"j\": 1}, \"y\": {\"k\": 2}}", (s, r, i) -> null);
        JsonNode out = e.output();
        assertEquals(json("[[1,2],[3,4],[5]]"), out.get("chunks"));
        assertEquals(true, out.get("has").asBoolean());
        assertEquals(json("[1,5,9]"), out.get("range"));
        assertEquals(2, out.get("second").asInt());
        assertEquals(5, out.get("length").asInt());
        assertEquals(json("[1,2]"), out.get("unique"));
        assertEquals("RGF0YSB0byBlbmNvZGU=", out.get("b64").asText());
        assertEquals("Data to encode", out.get("plain").asText());
        assertEquals("aaff4a450a104cd177d28d18d74485e8cae074b7", out.get("hash").asText());
        assertEquals(json("{\"k\": 2, \"j\": 1}"), out.get("merged"));
        assertEquals(110, out.get("sum").asInt());
        assertEquals(json("[\"1\",\"2\",\"3\"]"), out.get("parts"));
        assertTrue(out.get("random").asInt() >= 1 && out.get("random").asInt() < 10);
        assertEquals(36, out.get("id").asText().length());
    }

    @Test
    void aTaskLongerThanItsTimeoutFailsWithStatesTimeout() throws Exception {
        AslExecution e = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${Fn}", "TimeoutSeconds": 1, "End": true,
                  "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Wrong"}]}, "Wrong": {"Type": "Succeed"}}}""", "{}", (s, r, i) -> {
                    try {
                        Thread.sleep(5000);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                    return json("{}");
                });
        assertEquals(AslExecution.Status.FAILED, e.status());
        assertEquals("States.Timeout", e.error(), "States.TaskFailed does not match States.Timeout");
    }

    @Test
    void definitionsAreCheckedBeforeTheyRun() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> AslStateMachine.parse("bad",
                "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"Nowhere\"}}}", Map.of()));
        assertTrue(e.getMessage().contains("Nowhere"));
    }
}
