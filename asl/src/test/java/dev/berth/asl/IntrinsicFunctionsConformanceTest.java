package dev.berth.asl;

import static dev.berth.asl.Asl.json;
import static dev.berth.asl.Asl.machine;
import static dev.berth.asl.Asl.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The intrinsic functions of the specification's Appendix B, with its examples, and their syntax. */
class IntrinsicFunctionsConformanceTest {
    /** The value of {@code "x.$": call} in a Pass state's Parameters (the call as it is written inside the JSON string). */
    private static JsonNode call(String call, String input) {
        AslExecution e = run(machine("{\"Type\": \"Pass\", \"Parameters\": {\"x.$\": \"" + call + "\"}, \"End\": true}"), input);
        assertEquals(AslExecution.Status.SUCCEEDED, e.status(), call + ": " + e.error() + " " + e.cause());
        return e.output().get("x");
    }

    @Test
    void theSpecificationsExamples() {
        assertEquals("Your name is Foo, we are in the year 2020",
                call("States.Format('Your name is {}, we are in the year {}', $.name, 2020)", "{\"name\": \"Foo\", \"zebra\": \"stripe\"}").asText());
        assertEquals(json("{\"number\": 20}"), call("States.StringToJson($.someString)", "{\"someString\": \"{\\\"number\\\": 20}\"}"));
        assertEquals("{\"name\":\"Foo\",\"year\":2020}", call("States.JsonToString($.someJson)", "{\"someJson\": {\"name\": \"Foo\", \"year\": 2020}}").asText());
        assertEquals(json("[\"Foo\", 2020, {\"random\": \"abcdefg\"}, null]"),
                call("States.Array('Foo', 2020, $.someJson, null)", "{\"someJson\": {\"random\": \"abcdefg\"}}"));
        String nine = "{\"inputArray\": [1,2,3,4,5,6,7,8,9], \"lookingFor\": 5, \"index\": 5}";
        assertEquals(json("[[1,2,3,4],[5,6,7,8],[9]]"), call("States.ArrayPartition($.inputArray,4)", nine));
        assertEquals(json("true"), call("States.ArrayContains($.inputArray, $.lookingFor)", nine));
        assertEquals(json("[1,3,5,7,9]"), call("States.ArrayRange(1, 9, 2)", "{}"));
        assertEquals(json("6"), call("States.ArrayGetItem($.inputArray, $.index)", nine));
        assertEquals(json("9"), call("States.ArrayLength($.inputArray)", nine));
        assertEquals(json("[1,2,3,4]"), call("States.ArrayUnique($.inputArray)", "{\"inputArray\": [1,2,3,3,3,3,3,3,4]}"));
        assertEquals("RGF0YSB0byBlbmNvZGU=", call("States.Base64Encode($.input)", "{\"input\": \"Data to encode\"}").asText());
        assertEquals("Data to encode", call("States.Base64Decode($.base64)", "{\"base64\": \"RGF0YSB0byBlbmNvZGU=\"}").asText());
        assertEquals("aaff4a450a104cd177d28d18d74485e8cae074b7", call("States.Hash($.Data, $.Algorithm)", "{\"Data\": \"input data\", \"Algorithm\": \"SHA-1\"}").asText());
        assertEquals(json("{\"a\": {\"a3\": 1, \"a4\": 2}, \"b\": 2, \"c\": 3}"), call("States.JsonMerge($.json1, $.json2, false)",
                "{\"json1\": {\"a\": {\"a1\": 1, \"a2\": 2}, \"b\": 2}, \"json2\": {\"a\": {\"a3\": 1, \"a4\": 2}, \"c\": 3}}"));
        assertEquals(json("110"), call("States.MathAdd($.value1, $.step)", "{\"value1\": 111, \"step\": -1}"));
        assertEquals(json("[\"1\",\"2\",\"3\",\"4\",\"5\"]"), call("States.StringSplit($.inputString, $.splitter)",
                "{\"inputString\": \"1,2,3,4,5\", \"splitter\": \",\"}"));
        assertTrue(call("States.UUID()", "{}").asText().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"));
        for (int i = 0; i < 20; i++) {
            int random = call("States.MathRandom($.start, $.end)", "{\"start\": 1, \"end\": 999}").asInt();
            assertTrue(random >= 1 && random < 999, String.valueOf(random));
        }
        assertEquals(call("States.MathRandom(1, 1000, 42)", "{}"), call("States.MathRandom(1, 1000, 42)", "{}"), "a seed repeats the number");
    }

    @Test
    void escapesInStringArguments() {
        // Written in JSON, so every backslash is doubled once more: \\' is ', \\{ is {, \\} is }, \\\\ is \.
        assertEquals("Welcome to Ada Lovelace's playlist.",
                call("States.Format('Welcome to {} {}\\\\'s playlist.', $.firstName, $.lastName)", "{\"firstName\": \"Ada\", \"lastName\": \"Lovelace\"}").asText());
        assertEquals("{} stays, x is replaced", call("States.Format('\\\\{\\\\} stays, {} is replaced', 'x')", "{}").asText());
        assertEquals("a\\b", call("States.Format('a\\\\\\\\b')", "{}").asText());
        assertEquals("{}", call("States.Format('{}', $.template)", "{\"template\": \"{}\"}").asText(), "an argument's value is not a template");
    }

    @Test
    void argumentsAreStringsNumbersNullPathsOrNestedCalls() {
        assertEquals(json("[\"a, b\", -1.5, null, true, {\"k\": 1}, \"e1\", [\"n\"]]"),
                call("States.Array('a, b', -1.5, null, true, $.o, $$.Execution.Name, States.Array('n'))", "{\"o\": {\"k\": 1}}"));
        assertEquals("3 items", call("States.Format('{} items', States.ArrayLength(States.StringSplit($.csv, ',')))", "{\"csv\": \"a,b,c\"}").asText());
        assertEquals(json("[]"), call("States.Array()", "{}"));
        assertEquals("null and true and 1.5", call("States.Format('{} and {} and {}', null, true, 1.5)", "{}").asText());
    }

    @Test
    void aFailStatesErrorPathAndCausePathMayBeIntrinsicFunctions() {
        AslExecution e = run(machine("""
                {"Type": "Fail", "ErrorPath": "States.Format('{}.Failed', $.step)", "CausePath": "States.JsonToString($.detail)"}"""),
                "{\"step\": \"Deploy\", \"detail\": {\"code\": 3}}");
        assertEquals("Deploy.Failed", e.error());
        assertEquals("{\"code\":3}", e.cause());
    }
}
