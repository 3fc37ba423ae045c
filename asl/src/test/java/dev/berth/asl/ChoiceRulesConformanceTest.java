package dev.berth.asl;

import static dev.berth.asl.Asl.json;
import static dev.berth.asl.Asl.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Choice state against the specification's list of comparison operators, each in its literal
 * and its {@code Path} form, its type tests and its Boolean expressions. "For each operator which
 * compares values, if the values are not both of the appropriate type the comparison will return
 * false."
 */
class ChoiceRulesConformanceTest {
    /** Runs a Choice state with one rule (going to Yes) and a Default (No): "Yes", "No", the error, or "InvalidDefinition". */
    private static String choose(String rule, String input) {
        AslExecution e;
        try {
            e = run("""
                {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [%s], "Default": "No"},
                  "Yes": {"Type": "Succeed"}, "No": {"Type": "Succeed"}}}""".formatted(rule.replaceFirst("}$", ", \"Next\": \"Yes\"}")), input);
        } catch (IllegalArgumentException invalid) {
            return "InvalidDefinition";
        }
        return e.status() == AslExecution.Status.SUCCEEDED ? Asl.last(e.statesEntered()) : e.error();
    }

    static Stream<Arguments> comparisons() {
        String t = "\"2016-03-14T01:59:00Z\"";
        String later = "\"2016-03-14T01:59:01Z\"";
        return Stream.of(
                Arguments.of("StringEquals", "\"abc\"", "\"abc\"", true), Arguments.of("StringEquals", "\"abc\"", "\"abd\"", false),
                Arguments.of("StringEquals", "\"ABC\"", "\"abc\"", false), Arguments.of("StringEquals", "\"1\"", "1", false),
                Arguments.of("StringEquals", "1", "\"1\"", false),
                Arguments.of("StringLessThan", "\"abc\"", "\"abd\"", true), Arguments.of("StringLessThan", "\"abd\"", "\"abc\"", false),
                Arguments.of("StringLessThan", "\"abc\"", "\"abc\"", false), Arguments.of("StringLessThan", "1", "\"2\"", false),
                Arguments.of("StringGreaterThan", "\"b\"", "\"a\"", true), Arguments.of("StringGreaterThan", "\"a\"", "\"b\"", false),
                Arguments.of("StringGreaterThan", "\"a\"", "\"a\"", false), Arguments.of("StringGreaterThan", "\"b\"", "1", false),
                Arguments.of("StringLessThanEquals", "\"a\"", "\"a\"", true), Arguments.of("StringLessThanEquals", "\"a\"", "\"b\"", true),
                Arguments.of("StringLessThanEquals", "\"b\"", "\"a\"", false), Arguments.of("StringLessThanEquals", "null", "\"a\"", false),
                Arguments.of("StringGreaterThanEquals", "\"a\"", "\"a\"", true), Arguments.of("StringGreaterThanEquals", "\"b\"", "\"a\"", true),
                Arguments.of("StringGreaterThanEquals", "\"a\"", "\"b\"", false), Arguments.of("StringGreaterThanEquals", "true", "\"a\"", false),
                Arguments.of("NumericEquals", "1", "1.0", true), Arguments.of("NumericEquals", "1", "2", false),
                Arguments.of("NumericEquals", "\"1\"", "1", false), Arguments.of("NumericEquals", "1", "\"1\"", false),
                Arguments.of("NumericEquals", "9007199254740993", "9007199254740992", false),
                Arguments.of("NumericLessThan", "1", "2", true), Arguments.of("NumericLessThan", "2", "1", false),
                Arguments.of("NumericLessThan", "2", "2", false), Arguments.of("NumericLessThan", "-0.5", "0", true),
                Arguments.of("NumericGreaterThan", "3", "2.5", true), Arguments.of("NumericGreaterThan", "2", "2", false),
                Arguments.of("NumericGreaterThan", "\"3\"", "2", false),
                Arguments.of("NumericLessThanEquals", "2", "2", true), Arguments.of("NumericLessThanEquals", "1", "2", true),
                Arguments.of("NumericLessThanEquals", "3", "2", false), Arguments.of("NumericLessThanEquals", "false", "2", false),
                Arguments.of("NumericGreaterThanEquals", "2", "2", true), Arguments.of("NumericGreaterThanEquals", "3", "2", true),
                Arguments.of("NumericGreaterThanEquals", "1", "2", false), Arguments.of("NumericGreaterThanEquals", "[3]", "2", false),
                Arguments.of("BooleanEquals", "true", "true", true), Arguments.of("BooleanEquals", "false", "false", true),
                Arguments.of("BooleanEquals", "false", "true", false), Arguments.of("BooleanEquals", "\"true\"", "true", false),
                Arguments.of("BooleanEquals", "true", "\"true\"", false), Arguments.of("BooleanEquals", "1", "true", false),
                Arguments.of("TimestampEquals", t, t, true), Arguments.of("TimestampEquals", "\"2016-03-14T02:59:00+01:00\"", t, true),
                Arguments.of("TimestampEquals", later, t, false), Arguments.of("TimestampEquals", "\"2016-03-14t01:59:00z\"", t, false),
                Arguments.of("TimestampEquals", "\"2016-03-14\"", "\"2016-03-14\"", false), Arguments.of("TimestampEquals", "1", t, false),
                Arguments.of("TimestampLessThan", t, later, true), Arguments.of("TimestampLessThan", later, t, false),
                Arguments.of("TimestampLessThan", t, t, false), Arguments.of("TimestampLessThan", "\"yesterday\"", t, false),
                Arguments.of("TimestampGreaterThan", later, t, true), Arguments.of("TimestampGreaterThan", t, later, false),
                Arguments.of("TimestampGreaterThan", t, t, false), Arguments.of("TimestampGreaterThan", later, "\"now\"", false),
                Arguments.of("TimestampLessThanEquals", t, t, true), Arguments.of("TimestampLessThanEquals", t, later, true),
                Arguments.of("TimestampLessThanEquals", later, t, false), Arguments.of("TimestampLessThanEquals", "\"2016-13-14T01:59:00Z\"", later, false),
                Arguments.of("TimestampGreaterThanEquals", t, t, true), Arguments.of("TimestampGreaterThanEquals", later, t, true),
                Arguments.of("TimestampGreaterThanEquals", t, later, false), Arguments.of("TimestampGreaterThanEquals", "{}", t, false));
    }

    @ParameterizedTest(name = "{0}: {1} against {2} is {3}")
    @MethodSource("comparisons")
    void everyComparisonOperator(String operator, String value, String operand, boolean holds) {
        String expected = holds ? "Yes" : "No";
        assertEquals(expected, choose("{\"Variable\": \"$.v\", \"" + operator + "\": " + operand + "}", "{\"v\": " + value + "}"), "literal form");
        assertEquals(expected, choose("{\"Variable\": \"$.v\", \"" + operator + "Path\": \"$.o\"}", "{\"v\": " + value + ", \"o\": " + operand + "}"),
                "Path form");
    }

    static Stream<Arguments> typeTests() {
        return Stream.of(
                Arguments.of("IsNull", "null", true), Arguments.of("IsNull", "0", false), Arguments.of("IsNull", "\"null\"", false),
                Arguments.of("IsNumeric", "1.5", true), Arguments.of("IsNumeric", "-3", true), Arguments.of("IsNumeric", "\"1\"", false),
                Arguments.of("IsString", "\"x\"", true), Arguments.of("IsString", "\"\"", true), Arguments.of("IsString", "1", false),
                Arguments.of("IsBoolean", "false", true), Arguments.of("IsBoolean", "\"false\"", false), Arguments.of("IsBoolean", "0", false),
                Arguments.of("IsTimestamp", "\"2016-03-14T01:59:00Z\"", true), Arguments.of("IsTimestamp", "\"2016-03-14T01:59:00.123-05:30\"", true),
                Arguments.of("IsTimestamp", "\"2016-03-14 01:59:00Z\"", false), Arguments.of("IsTimestamp", "\"2016-03-14T01:59:00\"", false),
                Arguments.of("IsTimestamp", "\"2016-03-14T01:59:00z\"", false), Arguments.of("IsTimestamp", "1457920740", false),
                Arguments.of("IsPresent", "null", true));
    }

    @ParameterizedTest(name = "{0}: {1} is {2}")
    @MethodSource("typeTests")
    void everyTypeTest(String test, String value, boolean holds) {
        assertEquals(holds ? "Yes" : "No", choose("{\"Variable\": \"$.v\", \"" + test + "\": true}", "{\"v\": " + value + "}"));
        assertEquals(holds ? "No" : "Yes", choose("{\"Variable\": \"$.v\", \"" + test + "\": false}", "{\"v\": " + value + "}"));
    }

    @Test
    void isPresentIsTheOnlyRuleThatAcceptsAMissingVariable() {
        assertEquals("Yes", choose("{\"Variable\": \"$.missing\", \"IsPresent\": false}", "{}"));
        assertEquals("No", choose("{\"Variable\": \"$.missing\", \"IsPresent\": true}", "{}"));
        assertEquals("No", choose("{\"Variable\": \"$.a[3]\", \"IsPresent\": true}", "{\"a\": [1]}"));
        for (String test : List.of("\"IsNull\": true", "\"IsNumeric\": false", "\"IsString\": false", "\"IsBoolean\": false", "\"IsTimestamp\": false",
                "\"StringEquals\": \"x\"", "\"NumericEquals\": 1", "\"BooleanEquals\": true", "\"TimestampEquals\": \"2016-03-14T01:59:00Z\"",
                "\"StringMatches\": \"*\"")) {
            assertEquals("States.Runtime", choose("{\"Variable\": \"$.missing\", " + test + "}", "{}"), test);
        }
        assertEquals("States.Runtime", choose("{\"Variable\": \"$.v\", \"NumericEqualsPath\": \"$.missing\"}", "{\"v\": 1}"),
                "a Path operand that selects nothing");
    }

    @Test
    void stringMatchesHasOnlyTheStarWildcardAndItsEscapes() {
        // The specification's examples.
        assertEquals("Yes", choose("{\"Variable\": \"$.v\", \"StringMatches\": \"foo*.log\"}", "{\"v\": \"foo23.log\"}"));
        assertEquals("Yes", choose("{\"Variable\": \"$.v\", \"StringMatches\": \"*.log\"}", "{\"v\": \"zebra.log\"}"));
        assertEquals("Yes", choose("{\"Variable\": \"$.v\", \"StringMatches\": \"foo*.*\"}", "{\"v\": \"foobar.zebra\"}"));
        assertEquals("No", choose("{\"Variable\": \"$.v\", \"StringMatches\": \"foo*.log\"}", "{\"v\": \"foo23.txt\"}"));
        assertEquals("Yes", choose("{\"Variable\": \"$.v\", \"StringMatches\": \"*\"}", "{\"v\": \"\"}"));
        // No other character is special.
        assertEquals("No", choose("{\"Variable\": \"$.v\", \"StringMatches\": \"a.c\"}", "{\"v\": \"abc\"}"));
        assertEquals("No", choose("{\"Variable\": \"$.v\", \"StringMatches\": \"a?c\"}", "{\"v\": \"abc\"}"));
        assertEquals("Yes", choose("{\"Variable\": \"$.v\", \"StringMatches\": \"[a]+\"}", "{\"v\": \"[a]+\"}"));
        // \* is a literal star, \\ a literal backslash (doubled again in JSON); any other backslash is an open escape.
        assertEquals("Yes", choose("{\"Variable\": \"$.v\", \"StringMatches\": \"a\\\\*b\"}", "{\"v\": \"a*b\"}"));
        assertEquals("No", choose("{\"Variable\": \"$.v\", \"StringMatches\": \"a\\\\*b\"}", "{\"v\": \"axb\"}"));
        assertEquals("Yes", choose("{\"Variable\": \"$.v\", \"StringMatches\": \"a\\\\\\\\*\"}", "{\"v\": \"a\\\\bc\"}"));
        assertEquals("States.Runtime", choose("{\"Variable\": \"$.v\", \"StringMatches\": \"a\\\\b\"}", "{\"v\": \"ab\"}"));
        assertEquals("States.Runtime", choose("{\"Variable\": \"$.v\", \"StringMatches\": \"a\\\\\"}", "{\"v\": \"a\"}"));
        assertEquals("No", choose("{\"Variable\": \"$.v\", \"StringMatches\": \"1*\"}", "{\"v\": 12}"), "not a string");
        // StringMatches has no Path form: the definition is rejected before it runs.
        assertEquals("InvalidDefinition", choose("{\"Variable\": \"$.v\", \"StringMatchesPath\": \"$.p\"}", "{\"v\": \"a\", \"p\": \"*\"}"));
    }

    @Test
    void aDataTestExpressionHasExactlyOneKnownOperatorOrTheDefinitionIsRejected() {
        assertEquals("InvalidDefinition", choose("{\"Variable\": \"$.v\", \"StringEquals\": \"a\", \"StringLessThan\": \"b\"}", "{\"v\": \"a\"}"));
        assertEquals("InvalidDefinition", choose("{\"Variable\": \"$.v\", \"StringContains\": \"a\"}", "{\"v\": \"a\"}"));
        assertEquals("InvalidDefinition", choose("{\"Variable\": \"$.v\"}", "{\"v\": \"a\"}"));
        assertEquals("InvalidDefinition", choose("{\"Variable\": \"$.v\", \"IsNullPath\": \"$.v\"}", "{\"v\": null}"), "type tests have no Path form");
        assertEquals("InvalidDefinition", choose("{\"And\": []}", "{}"), "And needs at least one rule");
        assertEquals("InvalidDefinition", choose("{\"Not\": {\"Variable\": \"$.v\", \"IsNull\": true, \"Next\": \"No\"}}", "{\"v\": 1}"),
                "a nested rule has no Next");
        assertEquals("Yes", choose("{\"Variable\": \"$.v\", \"Comment\": \"a comment is no operator\", \"StringEquals\": \"a\"}", "{\"v\": \"a\"}"));
        // The interpreter checks again when it evaluates a rule that did not go through a definition check.
        TaskFailure unknown = org.junit.jupiter.api.Assertions.assertThrows(TaskFailure.class,
                () -> ChoiceRules.matches(json("{\"Variable\": \"$.v\", \"StringMatchesPath\": \"$.v\"}"), json("{\"v\": \"a\"}")));
        assertEquals("States.Runtime", unknown.error());
    }

    @Test
    void theSpecificationsChoiceExample() {
        String definition = """
                {"StartAt": "DispatchEvent", "States": {
                  "DispatchEvent": {"Type": "Choice", "Choices": [
                    {"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "Public"},
                    {"And": [{"Variable": "$.value", "IsPresent": true}, {"Variable": "$.value", "IsNumeric": true},
                             {"Variable": "$.value", "NumericGreaterThanEquals": 20}, {"Variable": "$.value", "NumericLessThan": 30}],
                     "Next": "ValueInTwenties"},
                    {"Variable": "$.rating", "NumericGreaterThanPath": "$.auditThreshold", "Next": "StartAudit"}],
                    "Default": "RecordEvent"},
                  "Public": {"Type": "Succeed"}, "ValueInTwenties": {"Type": "Succeed"}, "StartAudit": {"Type": "Succeed"},
                  "RecordEvent": {"Type": "Succeed"}}}""";
        assertEquals("ValueInTwenties", Asl.last(run(definition, "{\"type\": \"Private\", \"value\": 22}").statesEntered()));
        assertEquals("Public", Asl.last(run(definition, "{\"type\": \"Public\", \"value\": 22}").statesEntered()));
        // And stops at the first false rule: $.value is absent, yet no NumericGreaterThanEquals on it fails.
        assertEquals("StartAudit", Asl.last(run(definition, "{\"type\": \"Private\", \"rating\": 5, \"auditThreshold\": 3}").statesEntered()));
        assertEquals("RecordEvent", Asl.last(run(definition, "{\"type\": \"Private\", \"value\": \"x\", \"rating\": 1, \"auditThreshold\": 3}")
                .statesEntered()));
    }

    @Test
    void orStopsAtTheFirstTrueRuleAndNotInverts() {
        String or = "{\"Or\": [{\"Variable\": \"$.x\", \"BooleanEquals\": true}, {\"Variable\": \"$.missing\", \"StringEquals\": \"y\"}]}";
        assertEquals("Yes", choose(or, "{\"x\": true}"));
        assertEquals("States.Runtime", choose(or, "{\"x\": false}"), "the second rule is evaluated, and its variable is missing");
        assertEquals("No", choose("{\"Or\": [{\"Variable\": \"$.x\", \"IsNull\": true}, {\"Variable\": \"$.x\", \"IsString\": true}]}", "{\"x\": 1}"));
        assertEquals("No", choose("{\"And\": [{\"Variable\": \"$.x\", \"IsNumeric\": true}, {\"Variable\": \"$.x\", \"NumericLessThan\": 0}]}", "{\"x\": 1}"));
        assertEquals("Yes", choose("{\"Not\": {\"Variable\": \"$.x\", \"NumericLessThan\": 0}}", "{\"x\": 1}"));
        assertEquals("No", choose("{\"Not\": {\"Not\": {\"Variable\": \"$.x\", \"NumericLessThan\": 0}}}", "{\"x\": 1}"));
        assertEquals("Yes", choose("{\"And\": [{\"Or\": [{\"Variable\": \"$.a\", \"StringEquals\": \"no\"}, {\"Variable\": \"$.b\", \"IsBoolean\": true}]},"
                + " {\"Not\": {\"Variable\": \"$.a\", \"IsNull\": true}}]}", "{\"a\": \"x\", \"b\": false}"));
    }

    @Test
    void choicesAreTriedInOrderThenDefaultThenStatesNoChoiceMatched() {
        String definition = """
                {"StartAt": "C", "States": {"C": {"Type": "Choice", "InputPath": "$.in", "OutputPath": "$.keep", "Choices": [
                  {"Variable": "$.n", "NumericGreaterThan": 1, "Next": "First"}, {"Variable": "$.n", "NumericGreaterThan": 0, "Next": "Second"}]},
                  "First": {"Type": "Succeed"}, "Second": {"Type": "Succeed"}}}""";
        AslExecution first = run(definition, "{\"in\": {\"n\": 5, \"keep\": {\"k\": 1}}}");
        assertEquals("First", Asl.last(first.statesEntered()), "the first matching rule wins, not the last");
        assertEquals(json("{\"k\": 1}"), first.output(), "InputPath then OutputPath apply to a Choice state");
        assertEquals("Second", Asl.last(run(definition, "{\"in\": {\"n\": 1, \"keep\": 0}}").statesEntered()));
        AslExecution none = run(definition, "{\"in\": {\"n\": 0, \"keep\": 0}}");
        assertEquals(AslExecution.Status.FAILED, none.status());
        assertEquals("States.NoChoiceMatched", none.error());
    }
}
