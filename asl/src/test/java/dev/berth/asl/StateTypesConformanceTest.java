package dev.berth.asl;

import static dev.berth.asl.Asl.json;
import static dev.berth.asl.Asl.machine;
import static dev.berth.asl.Asl.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The state types' own fields: Wait, Fail, Parallel, Map (ItemBatcher, the deprecated Iterator and Parameters). */
class StateTypesConformanceTest {
    private static AslExecution runScaled(String definition, String input, double waitScale) {
        return AslStateMachine.parse("test", definition, Map.of()).run("e1", json(input), Asl.NO_TASKS, waitScale);
    }

    @Test
    void waitForSecondsSecondsPathTimestampAndTimestampPath() {
        long started = System.nanoTime();
        AslExecution seconds = runScaled(machine("{\"Type\": \"Wait\", \"Seconds\": 1, \"End\": true}"), "{\"a\": 1}", 0.3);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(AslExecution.Status.SUCCEEDED, seconds.status(), seconds.cause());
        assertEquals(json("{\"a\": 1}"), seconds.output(), "a Wait passes its input on");
        assertTrue(elapsedMillis >= 280 && elapsedMillis < 2000, elapsedMillis + " ms for 1 s scaled by 0.3");

        started = System.nanoTime();
        AslExecution secondsPath = runScaled(machine("{\"Type\": \"Wait\", \"SecondsPath\": \"$.s\", \"End\": true}"), "{\"s\": 0.2}", 1.0);
        assertEquals(AslExecution.Status.SUCCEEDED, secondsPath.status(), secondsPath.cause());
        assertTrue((System.nanoTime() - started) / 1_000_000 >= 190);

        String soon = Instant.now().plusMillis(300).toString();
        started = System.nanoTime();
        AslExecution timestampPath = runScaled(machine("{\"Type\": \"Wait\", \"TimestampPath\": \"$.until\", \"End\": true}"),
                "{\"until\": \"" + soon + "\"}", 1.0);
        assertEquals(AslExecution.Status.SUCCEEDED, timestampPath.status(), timestampPath.cause());
        assertTrue((System.nanoTime() - started) / 1_000_000 >= 250);

        AslExecution past = runScaled(machine("{\"Type\": \"Wait\", \"Timestamp\": \"2016-03-14T01:59:00Z\", \"End\": true}"), "{}", 1.0);
        assertEquals(AslExecution.Status.SUCCEEDED, past.status(), "a timestamp already past does not wait");
        assertEquals("States.Runtime", Asl.outcome(runScaled(machine("{\"Type\": \"Wait\", \"Timestamp\": \"2016-03-14 01:59:00\", \"End\": true}"),
                "{}", 1.0)), "not an RFC 3339 timestamp with T and Z");
    }

    @Test
    void failWithErrorAndCauseOrTheirPaths() {
        AslExecution fixed = run(machine("{\"Type\": \"Fail\", \"Error\": \"ErrorA\", \"Cause\": \"Kaiju attack\"}"), "{}");
        assertEquals(AslExecution.Status.FAILED, fixed.status());
        assertEquals("ErrorA", fixed.error());
        assertEquals("Kaiju attack", fixed.cause());
        AslExecution paths = run(machine("{\"Type\": \"Fail\", \"ErrorPath\": \"$.Error\", \"CausePath\": \"$.Cause\"}"),
                "{\"Error\": \"Dynamic\", \"Cause\": \"from the input\"}");
        assertEquals("Dynamic", paths.error());
        assertEquals("from the input", paths.cause());
        assertTrue(paths.history().stream().anyMatch(h -> h.type().equals("ExecutionFailed") && h.detail().contains("Dynamic")));
    }

    @Test
    void parallelBranchesGetTheSameInputAndTheirOutputsKeepBranchOrder() {
        // The specification's FunWithMath example: [3, 2] gives [5, 1].
        AslExecution e = run("""
                {"StartAt": "FunWithMath", "States": {"FunWithMath": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "Add", "States": {"Add": {"Type": "Task", "Resource": "${Fn}", "End": true}}},
                  {"StartAt": "Subtract", "States": {"Subtract": {"Type": "Task", "Resource": "${Fn}", "End": true}}}]}}}""", "[3, 2]",
                (state, resource, input) -> json(String.valueOf(state.equals("Add") ? input.get(0).asInt() + input.get(1).asInt()
                        : input.get(0).asInt() - input.get(1).asInt())));
        assertEquals(json("[5, 1]"), e.output());
        AslExecution succeedEndsABranch = run("""
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "InputPath": "$.in", "ResultPath": "$.out", "End": true, "Branches": [
                  {"StartAt": "S", "States": {"S": {"Type": "Succeed", "OutputPath": "$.x"}}},
                  {"StartAt": "Q", "States": {"Q": {"Type": "Pass", "Result": "q", "End": true}}}]}}}""", "{\"in\": {\"x\": 1}}");
        assertEquals(json("{\"in\": {\"x\": 1}, \"out\": [1, \"q\"]}"), succeedEndsABranch.output());
    }

    @Test
    void theSpecificationsMapExample() {
        String input = """
                {"ship-date": "2016-03-14T01:59:00Z", "detail": {"delivery-partner": "UQS", "shipped": [
                  {"prod": "R31", "dest-code": 9511, "quantity": 1344}, {"prod": "S39", "dest-code": 9511, "quantity": 40}]}}""";
        AslExecution e = run("""
                {"StartAt": "Validate-All", "States": {"Validate-All": {"Type": "Map", "InputPath": "$.detail", "ItemsPath": "$.shipped",
                  "MaxConcurrency": 0, "ItemSelector": {"parcel.$": "$$.Map.Item.Value", "courier.$": "$.delivery-partner"},
                  "ItemProcessor": {"StartAt": "Validate", "States": {"Validate": {"Type": "Task", "Resource": "${Fn}", "End": true}}},
                  "ResultPath": "$.detail.shipped", "End": true}}}""", input,
                (s, r, item) -> json("{\"ok\": \"" + item.get("parcel").get("prod").asText() + " by " + item.get("courier").asText() + "\"}"));
        assertEquals(json("[{\"ok\": \"R31 by UQS\"}, {\"ok\": \"S39 by UQS\"}]"), e.output().get("detail").get("shipped"));
        assertEquals("UQS", e.output().get("detail").get("delivery-partner").asText());
    }

    @Test
    void theDeprecatedIteratorAndParametersOfAMapStillWork() {
        AslExecution e = run("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 1, "Parameters": {"n.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index"},
                  "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}""", "[\"a\", \"b\"]");
        assertEquals(json("[{\"n\": \"a\", \"i\": 0}, {\"n\": \"b\", \"i\": 1}]"), e.output());
    }

    @Test
    void itemBatcherGroupsTheSelectedItems() {
        String map = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "End": true,
                  "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"owner.$": "$.owner"}},
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}""";
        AslExecution e = run(map, "{\"owner\": \"me\", \"items\": [1, 2, 3]}");
        assertEquals(json("[{\"BatchInput\": {\"owner\": \"me\"}, \"Items\": [1, 2]}, {\"BatchInput\": {\"owner\": \"me\"}, \"Items\": [3]}]"), e.output());
        AslExecution bytes = run("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemBatcher": {"MaxInputBytesPerBatchPath": "$.limit"},
                  "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}""",
                "{\"limit\": 30, \"items\": [\"aaaaaaaaaa\", \"bbbbbbbbbb\", \"c\"]}");
        assertEquals(json("[{\"Items\": [\"aaaaaaaaaa\"]}, {\"Items\": [\"bbbbbbbbbb\", \"c\"]}]"), bytes.output());
        bytes.output().forEach(batch -> assertTrue(batch.toString().length() <= 30, batch.toString()));
    }
}
