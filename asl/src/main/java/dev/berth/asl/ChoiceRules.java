package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/** The Choice state's rules: And, Or, Not, the comparison operators (and their {@code Path} forms) and the type tests. */
final class ChoiceRules {
    private ChoiceRules() {
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
        String variable = rule.path("Variable").asText();
        JsonNode value = JsonPaths.read(data, variable);
        Iterator<Map.Entry<String, JsonNode>> fields = rule.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String op = field.getKey();
            if (op.equals("Variable") || op.equals("Next")) {
                continue;
            }
            JsonNode expected = op.endsWith("Path") && !op.equals("IsPresent") ? JsonPaths.read(data, field.getValue().asText()) : field.getValue();
            String base = op.endsWith("Path") ? op.substring(0, op.length() - 4) : op;
            if (base.equals("IsPresent")) {
                return (value != null) == expected.asBoolean();
            }
            if (value == null) {
                throw new TaskFailure("States.Runtime", "Invalid path " + variable + ": the choice state's input has no such field");
            }
            return switch (base) {
                case "IsNull" -> value.isNull() == expected.asBoolean();
                case "IsString" -> value.isTextual() == expected.asBoolean();
                case "IsNumeric" -> value.isNumber() == expected.asBoolean();
                case "IsBoolean" -> value.isBoolean() == expected.asBoolean();
                case "StringEquals" -> value.isTextual() && value.asText().equals(expected.asText());
                case "StringMatches" -> value.isTextual() && value.asText().matches(glob(expected.asText()));
                case "StringLessThan" -> value.isTextual() && value.asText().compareTo(expected.asText()) < 0;
                case "StringGreaterThan" -> value.isTextual() && value.asText().compareTo(expected.asText()) > 0;
                case "NumericEquals" -> value.isNumber() && value.asDouble() == expected.asDouble();
                case "NumericLessThan" -> value.isNumber() && value.asDouble() < expected.asDouble();
                case "NumericGreaterThan" -> value.isNumber() && value.asDouble() > expected.asDouble();
                case "NumericLessThanEquals" -> value.isNumber() && value.asDouble() <= expected.asDouble();
                case "NumericGreaterThanEquals" -> value.isNumber() && value.asDouble() >= expected.asDouble();
                case "BooleanEquals" -> value.isBoolean() && value.asBoolean() == expected.asBoolean();
                case "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals", "TimestampGreaterThanEquals" ->
                        compareTimestamps(base, value, expected);
                default -> throw new TaskFailure("States.Runtime", "The local interpreter does not know the comparison " + op);
            };
        }
        throw new TaskFailure("States.Runtime", "A choice rule without a comparison: " + rule);
    }

    private static boolean compareTimestamps(String op, JsonNode value, JsonNode expected) {
        if (!value.isTextual()) {
            return false;
        }
        int c = Instant.parse(value.asText()).compareTo(Instant.parse(expected.asText()));
        return switch (op) {
            case "TimestampEquals" -> c == 0;
            case "TimestampLessThan" -> c < 0;
            case "TimestampGreaterThan" -> c > 0;
            case "TimestampLessThanEquals" -> c <= 0;
            default -> c >= 0;
        };
    }

    private static String glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '*') {
                regex.append(".*");
            } else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
