package dev.berth.asl;

import static dev.berth.asl.Asl.json;
import static dev.berth.asl.Asl.machine;
import static dev.berth.asl.Asl.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Paths, Reference Paths, Payload Templates and input/output processing, with the
 * specification's own examples, and the errors when a path cannot be applied: InputPath and
 * OutputPath States.Runtime, a Payload Template's {@code .$} path (Parameters, ResultSelector,
 * ItemSelector) States.ParameterPathFailure, ResultPath States.ResultPathMatchFailure.
 */
class DataFlowConformanceTest {
    @Test
    void referencePathsOfTheSpecification() {
        JsonNode input = json("{\"foo\": 123, \"bar\": [\"a\", \"b\", \"c\"], \"car\": {\"cdr\": true}}");
        assertEquals(json("123"), JsonPaths.read(input, "$.foo"));
        assertEquals(json("[\"a\", \"b\", \"c\"]"), JsonPaths.read(input, "$.bar"));
        assertEquals(json("true"), JsonPaths.read(input, "$.car.cdr"));
        assertEquals(input, JsonPaths.read(input, "$"));
        JsonNode odd = json("{\"store.book\": 1, \"store\": {\"book\": {\"title\": \"t\"}, \"0\": 2}, \"foo\": {\".bar\": 3, \"@bar\": {\"baz[[\": {\"?pretty\": 4}}},"
                + " \"foo@bar\": {\"baz[[\": {\"?pretty\": 8}},"
                + " \"&Ж中\": {\"\uD800\uDF46\": 5}, \"ledgers\": [[0, [1]]]}");
        assertEquals(json("1"), JsonPaths.read(odd, "$.store\\.book"));
        assertEquals(json("\"t\""), JsonPaths.read(odd, "$.store.book.title"));
        assertEquals(json("\"t\""), JsonPaths.read(odd, "$['store']['book']['title']"));
        assertEquals(json("3"), JsonPaths.read(odd, "$.foo.\\.bar"));
        assertEquals(json("8"), JsonPaths.read(odd, "$.foo\\@bar.baz\\[\\[.\\?pretty"), "a backslash escapes the next character of a name");
        assertEquals(json("4"), JsonPaths.read(odd, "$.foo.@bar.baz\\[\\[.?pretty"));
        assertEquals(json("5"), JsonPaths.read(odd, "$.&Ж中.\uD800\uDF46"));
        assertEquals(json("1"), JsonPaths.read(odd, "$.ledgers[0][1][0]"));
        assertNull(JsonPaths.read(odd, "$.ledgers[0][5]"));
        assertNull(JsonPaths.read(odd, "$.foo.nothing.below"));
        assertTrue(JsonPaths.isReferencePath("$.ledgers[0][22][315].foo"));
        assertTrue(!JsonPaths.isReferencePath("$.a[*]") && !JsonPaths.isReferencePath("$..a") && !JsonPaths.isReferencePath("$.a[0,1]"));
    }

    @Test
    void pathsThatSelectSeveralValuesGatherThemIntoAnArray() {
        JsonNode input = json("{\"a\": [1, 2, 3, 4], \"o\": {\"x\": {\"id\": 1}, \"y\": {\"id\": 2, \"in\": {\"id\": 3}}}}");
        assertEquals(json("[1, 2]"), JsonPaths.read(input, "$.a[0,1]"), "the specification's example");
        assertEquals(json("[3, 4]"), JsonPaths.read(input, "$.a[-2:]"));
        assertEquals(json("[2, 3]"), JsonPaths.read(input, "$.a[1:3]"));
        assertEquals(json("[1, 3]"), JsonPaths.read(input, "$.a[::2]"));
        assertEquals(json("4"), JsonPaths.read(input, "$.a[-1]"));
        assertEquals(json("[1, 2, 3, 4]"), JsonPaths.read(input, "$.a[*]"));
        assertEquals(json("[1, 2, 3]"), JsonPaths.read(input, "$..id"));
        assertEquals(json("[{\"id\": 1}, {\"id\": 2, \"in\": {\"id\": 3}}]"), JsonPaths.read(input, "$.o.*"));
        assertEquals(json("[1, 2]"), JsonPaths.read(input, "$.o['x','y'].id"));
        assertEquals(json("[]"), JsonPaths.read(input, "$.a[9:]"));
        assertThrows(IllegalArgumentException.class, () -> JsonPaths.read(input, "$.a[?(@ > 1)]"));
        assertThrows(IllegalArgumentException.class, () -> JsonPaths.read(input, "a.b"));

        AslExecution e = run(machine("{\"Type\": \"Pass\", \"InputPath\": \"$.a[0,1]\", \"End\": true}"), input.toString());
        assertEquals(json("[1, 2]"), e.output(), "InputPath");
        AslExecution out = run(machine("{\"Type\": \"Pass\", \"OutputPath\": \"$.o..id\", \"End\": true}"), input.toString());
        assertEquals(json("[1, 2, 3]"), out.output(), "OutputPath");
    }

    @Test
    void theSpecificationsPayloadTemplateExample() {
        List<JsonNode> seen = new ArrayList<>();
        AslExecution e = run(machine("""
                {"Type": "Task", "Resource": "${Fn}", "End": true, "Parameters": {
                  "flagged": true,
                  "parts": {"first.$": "$.vals[0]", "last3.$": "$.vals[-3:]"},
                  "execution.$": "$$.Execution.Name",
                  "formattedOutput.$": "States.Format('Today is {}', $$.State.Name)",
                  "list": [{"nested.$": "$.flagged"}, "kept.$ as is"]}}"""),
                "{\"flagged\": 7, \"vals\": [0, 10, 20, 30, 40, 50]}", (s, r, input) -> {
                    seen.add(input);
                    return json("{}");
                });
        assertEquals(AslExecution.Status.SUCCEEDED, e.status());
        assertEquals(json("""
                {"flagged": true, "parts": {"first": 0, "last3": [30, 40, 50]}, "execution": "e1", "formattedOutput": "Today is S",
                 "list": [{"nested": 7}, "kept.$ as is"]}"""), seen.get(0));
    }

    @Test
    void theContextObject() {
        AslExecution e = run("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "End": true,
                  "ItemSelector": {"index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value", "state.$": "$$.State.Name",
                    "machine.$": "$$.StateMachine.Name", "id.$": "$$.Execution.Id", "input.$": "$$.Execution.Input", "started.$": "$$.Execution.StartTime"},
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}""", "{\"items\": [\"a\"]}");
        JsonNode item = e.output().get(0);
        assertEquals(0, item.get("index").asInt());
        assertEquals("a", item.get("value").asText());
        assertEquals("M", item.get("state").asText());
        assertEquals("test", item.get("machine").asText());
        assertEquals("arn:aws:states:local:000000000000:execution:test:e1", item.get("id").asText());
        assertEquals(json("{\"items\": [\"a\"]}"), item.get("input"));
        assertEquals(e.startedAt().toString(), item.get("started").asText());
    }

    @Test
    void resultPathExamplesOfTheSpecification() {
        String master = "{\"master\": {\"detail\": [1, 2, 3]}}";
        assertEquals(json("{\"master\": {\"detail\": 6}}"),
                run(machine("{\"Type\": \"Pass\", \"Result\": 6, \"ResultPath\": \"$.master.detail\", \"End\": true}"), master).output());
        assertEquals(json("{\"master\": {\"detail\": [1, 2, 3], \"result\": {\"sum\": 6}}}"),
                run(machine("{\"Type\": \"Pass\", \"Result\": 6, \"ResultPath\": \"$.master.result.sum\", \"End\": true}"), master).output());
        assertEquals(json("{\"a\": 1, \"b\": {\"greeting\": \"Hi!\"}}"),
                run(machine("{\"Type\": \"Pass\", \"Result\": \"Hi!\", \"ResultPath\": \"$.b.greeting\", \"End\": true}"), "{\"a\": 1}").output());
        assertEquals(json("{\"georefOf\": \"Home\", \"coords\": {\"x-datum\": 0.381018, \"y-datum\": 622.2269926397355}}"),
                run(machine("""
                        {"Type": "Pass", "Result": {"x-datum": 0.381018, "y-datum": 622.2269926397355}, "ResultPath": "$.coords", "End": true}"""),
                        "{\"georefOf\": \"Home\"}").output(), "the Pass state's example");
        assertEquals(json("{\"l\": [0, 9]}"),
                run(machine("{\"Type\": \"Pass\", \"Result\": 9, \"ResultPath\": \"$.l[1]\", \"End\": true}"), "{\"l\": [0, 1]}").output());
        assertEquals(json("{\"title\": \"Numbers to add\", \"numbers\": {\"val1\": 3, \"val2\": 4}, \"sum\": 7}"),
                run(machine("{\"Type\": \"Task\", \"Resource\": \"${Fn}\", \"InputPath\": \"$.numbers\", \"ResultPath\": \"$.sum\", \"End\": true}"),
                        "{\"title\": \"Numbers to add\", \"numbers\": {\"val1\": 3, \"val2\": 4}}",
                        (s, r, in) -> json(String.valueOf(in.get("val1").asInt() + in.get("val2").asInt()))).output());
    }

    @Test
    void nullPathsAndDefaults() {
        String input = "{\"a\": 1}";
        assertEquals(json("{}"), run(machine("{\"Type\": \"Pass\", \"InputPath\": null, \"End\": true}"), input).output(), "InputPath null: {}");
        assertEquals(json(input), run(machine("{\"Type\": \"Pass\", \"Result\": 2, \"ResultPath\": null, \"End\": true}"), input).output(),
                "ResultPath null: the raw input");
        assertEquals(json("{}"), run(machine("{\"Type\": \"Pass\", \"OutputPath\": null, \"End\": true}"), input).output(), "OutputPath null: {}");
        assertEquals(json(input), run(machine("{\"Type\": \"Pass\", \"End\": true}"), input).output(), "no fields: the input passes");
        assertEquals(json("2"), run(machine("{\"Type\": \"Pass\", \"Result\": 2, \"End\": true}"), input).output(), "ResultPath $ by default");
        AslExecution succeed = run(machine("{\"Type\": \"Succeed\", \"InputPath\": \"$.x\", \"OutputPath\": \"$.y\"}"), "{\"x\": {\"y\": 5}}");
        assertEquals(json("5"), succeed.output(), "a Succeed state's InputPath and OutputPath");
    }

    @Test
    void resultSelectorShapesTheResultBeforeResultPath() {
        AslExecution e = run(machine("""
                {"Type": "Task", "Resource": "${Fn}", "ResultSelector": {"size.$": "$.Payload.size", "fixed": "x"}, "ResultPath": "$.r",
                 "OutputPath": "$.r", "End": true}"""), "{\"keep\": 1}", (s, r, i) -> json("{\"Payload\": {\"size\": 3, \"noise\": true}}"));
        assertEquals(json("{\"size\": 3, \"fixed\": \"x\"}"), e.output());
    }

    /** Which named error each path failure raises. */
    @Test
    void aPathThatCannotBeAppliedRaisesItsNamedError() {
        TaskInvoker echo = (s, r, in) -> json("{\"out\": 1}");
        String input = "{\"a\": {\"b\": 1}, \"s\": \"text\"}";
        assertEquals("States.Runtime", Asl.outcome(run(machine("{\"Type\": \"Pass\", \"InputPath\": \"$.missing\", \"End\": true}"), input)));
        assertEquals("States.Runtime", Asl.outcome(run(machine("{\"Type\": \"Task\", \"Resource\": \"${Fn}\", \"InputPath\": \"$.a.c\", \"End\": true}"),
                input, echo)));
        assertEquals("States.Runtime", Asl.outcome(run(machine("{\"Type\": \"Pass\", \"OutputPath\": \"$.missing\", \"End\": true}"), input)));
        assertEquals("States.Runtime", Asl.outcome(run(machine("{\"Type\": \"Choice\", \"InputPath\": \"$.missing\", \"Choices\": "
                + "[{\"Variable\": \"$\", \"IsPresent\": true, \"Next\": \"S\"}]}"), input)));
        assertEquals("States.ParameterPathFailure", Asl.outcome(run(machine(
                "{\"Type\": \"Pass\", \"Parameters\": {\"x.$\": \"$.missing\"}, \"End\": true}"), input)));
        assertEquals("States.ParameterPathFailure", Asl.outcome(run(machine(
                "{\"Type\": \"Task\", \"Resource\": \"${Fn}\", \"Parameters\": {\"deep\": {\"x.$\": \"$.a.c\"}}, \"End\": true}"), input, echo)));
        assertEquals("States.ParameterPathFailure", Asl.outcome(run(machine(
                "{\"Type\": \"Pass\", \"Parameters\": {\"x.$\": \"$$.Execution.Nothing\"}, \"End\": true}"), input)), "a context path");
        assertEquals("States.ParameterPathFailure", Asl.outcome(run(machine(
                "{\"Type\": \"Pass\", \"Parameters\": {\"x.$\": \"States.Format('{}', $.missing)\"}, \"End\": true}"), input)),
                "a path argument of an intrinsic function");
        assertEquals("States.ParameterPathFailure", Asl.outcome(run(machine(
                "{\"Type\": \"Task\", \"Resource\": \"${Fn}\", \"ResultSelector\": {\"x.$\": \"$.missing\"}, \"End\": true}"), input, echo)));
        assertEquals("States.ParameterPathFailure", Asl.outcome(run(machine("""
                {"Type": "Map", "ItemsPath": "$.items", "ItemSelector": {"x.$": "$.missing"}, "End": true,
                 "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}"""), "{\"items\": [1]}")));
        assertEquals("States.ParameterPathFailure", Asl.outcome(run(machine("""
                {"Type": "Parallel", "Parameters": {"x.$": "$.missing"}, "End": true,
                 "Branches": [{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}]}"""), input)));
    }

    @Test
    void aResultPathIntoSomethingThatIsNotAnObjectRaisesStatesResultPathMatchFailure() {
        // The specification's example: the input is the string "foo" and ResultPath is $.x.
        assertEquals("States.ResultPathMatchFailure",
                Asl.outcome(run(machine("{\"Type\": \"Pass\", \"Result\": 1, \"ResultPath\": \"$.x\", \"End\": true}"), "\"foo\"")));
        assertEquals("States.ResultPathMatchFailure",
                Asl.outcome(run(machine("{\"Type\": \"Pass\", \"Result\": 1, \"ResultPath\": \"$.a.b\", \"End\": true}"), "{\"a\": 5}")),
                "a value on the way that is not an object is not replaced");
        assertEquals("States.ResultPathMatchFailure",
                Asl.outcome(run(machine("{\"Type\": \"Pass\", \"Result\": 1, \"ResultPath\": \"$.l[5]\", \"End\": true}"), "{\"l\": [0]}")));
        assertEquals("States.ResultPathMatchFailure", Asl.outcome(run(machine(
                "{\"Type\": \"Task\", \"Resource\": \"${Fn}\", \"ResultPath\": \"$.r\", \"End\": true}"), "[1, 2]", (s, r, i) -> json("1"))));
        assertEquals("States.ResultPathMatchFailure", Asl.outcome(run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${Fn}", "End": true,
                  "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "H"}]}, "H": {"Type": "Succeed"}}}""", "42",
                (s, r, i) -> {
                    throw new TaskFailure("Boom", "no");
                })), "a catcher's ResultPath too");
        assertEquals(json("{\"error\": 1}"), JsonPaths.write(json("{}"), "$.error", json("1")));
        assertEquals(json("7"), JsonPaths.write(json("\"foo\""), "$", json("7")), "$ replaces any input");
    }
}
