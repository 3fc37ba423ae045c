package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;

/**
 * The Choice state's rules: And, Or, Not; every comparison operator and its {@code Path} form
 * (StringMatches has none); the type tests IsNull, IsPresent, IsNumeric, IsString, IsBoolean,
 * IsTimestamp. A comparison of values that are not both of its type is false.
 */
final class ChoiceRules {
    private static final Set<String> TYPE_TESTS = Set.of("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp");
    private static final Set<String> RELATIONS = Set.of("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals");
    private static final Set<String> KINDS = Set.of("String", "Numeric", "Timestamp");

    private ChoiceRules() {
    }

    /** Whether {@code field} of a Data-test Expression is a comparison operator or a type test. */
    static boolean isOperator(String field) {
        String base = field.endsWith("Path") ? field.substring(0, field.length() - 4) : field;
        return TYPE_TESTS.contains(field) || field.equals("StringMatches") || base.equals("BooleanEquals")
                || KINDS.stream().anyMatch(kind -> base.startsWith(kind) && RELATIONS.contains(base.substring(kind.length())));
    }

    /** Whether a Choice Rule holds for the Choice state's effective input. */
    static boolean matches(JsonNode rule, JsonNode data) throws TaskFailure {
        if (rule.has("And")) {
            for (JsonNode r : rule.get("And")) {
                if (!matches(r, data)) {
                    return false;
                }
            }
            return true;
        }
        if (rule.has("Or")) {
            for (JsonNode r : rule.get("Or")) {
                if (matches(r, data)) {
                    return true;
                }
            }
            return false;
        }
        if (rule.has("Not")) {
            return !matches(rule.get("Not"), data);
        }
        String operator = operator(rule);
        String variable = rule.path("Variable").asText();
        JsonNode value = read(data, variable);
        JsonNode operand = rule.get(operator);
        if (operator.equals("IsPresent")) {
            return (value != null) == operand.asBoolean();
        }
        if (value == null) {
            throw new TaskFailure("States.Runtime", "Invalid path " + variable + ": the choice state's input has no such field");
        }
        if (TYPE_TESTS.contains(operator)) {
            return isOfType(operator, value) == operand.asBoolean();
        }
        if (operator.endsWith("Path")) {
            String path = operand.asText();
            operand = read(data, path);
            if (operand == null) {
                throw new TaskFailure("States.Runtime", "Invalid path " + path + " in " + operator + ": the choice state's input has no such field");
            }
            operator = operator.substring(0, operator.length() - 4);
        }
        return compare(operator, value, operand);
    }

    /** The rule's one operator field. */
    private static String operator(JsonNode rule) throws TaskFailure {
        String operator = null;
        for (Iterator<String> names = rule.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (field.equals("Variable") || field.equals("Next") || field.equals("Comment")) {
                continue;
            }
            if (!isOperator(field)) {
                throw new TaskFailure("States.Runtime", "The local interpreter does not know the comparison " + field);
            }
            if (operator != null) {
                throw new TaskFailure("States.Runtime", "A choice rule with more than one comparison: " + rule);
            }
            operator = field;
        }
        if (operator == null) {
            throw new TaskFailure("States.Runtime", "A choice rule without a comparison: " + rule);
        }
        return operator;
    }

    private static JsonNode read(JsonNode data, String path) throws TaskFailure {
        try {
            return JsonPaths.read(data, path);
        } catch (IllegalArgumentException e) {
            throw new TaskFailure("States.Runtime", e.getMessage());
        }
    }

    private static boolean isOfType(String test, JsonNode value) {
        return switch (test) {
            case "IsNull" -> value.isNull();
            case "IsNumeric" -> value.isNumber();
            case "IsString" -> value.isTextual();
            case "IsBoolean" -> value.isBoolean();
            default -> Timestamps.parse(value) != null;
        };
    }

    private static boolean compare(String operator, JsonNode value, JsonNode operand) throws TaskFailure {
        if (operator.equals("StringMatches")) {
            return value.isTextual() && operand.isTextual() && StringPattern.matches(operand.asText(), value.asText());
        }
        if (operator.equals("BooleanEquals")) {
            return value.isBoolean() && operand.isBoolean() && value.asBoolean() == operand.asBoolean();
        }
        if (operator.startsWith("String")) {
            return value.isTextual() && operand.isTextual() && holds(operator.substring(6), value.asText().compareTo(operand.asText()));
        }
        if (operator.startsWith("Numeric")) {
            return value.isNumber() && operand.isNumber() && holds(operator.substring(7), compareNumbers(value, operand));
        }
        Instant left = Timestamps.parse(value);
        Instant right = Timestamps.parse(operand);
        return left != null && right != null && holds(operator.substring(9), left.compareTo(right));
    }

    /** Integers exactly (however large), other numbers as IEEE 754 doubles. */
    private static int compareNumbers(JsonNode a, JsonNode b) {
        if (a.isIntegralNumber() && b.isIntegralNumber()) {
            return a.bigIntegerValue().compareTo(b.bigIntegerValue());
        }
        double x = a.asDouble();
        double y = b.asDouble();
        return x < y ? -1 : x > y ? 1 : 0;
    }

    private static boolean holds(String relation, int comparison) {
        return switch (relation) {
            case "Equals" -> comparison == 0;
            case "LessThan" -> comparison < 0;
            case "GreaterThan" -> comparison > 0;
            case "LessThanEquals" -> comparison <= 0;
            default -> comparison >= 0;
        };
    }
}
