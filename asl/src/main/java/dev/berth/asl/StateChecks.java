package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The specification's MUSTs on one state, checked before anything runs: a known Type; a name of
 * at most 80 characters; Choice Rules with exactly one known operator, Next on top-level rules
 * only; exactly one wait duration; no field given both directly and as a Path; timeouts, retry
 * intervals and attempts of the right kind; States.ALL alone in the last retrier and catcher;
 * ResultPaths that are Reference Paths outside the Context Object.
 */
final class StateChecks {
    private static final Set<String> TYPES = Set.of("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map");

    private StateChecks() {
    }

    /** @throws IllegalArgumentException naming the state and the broken rule */
    static void check(String where, String stateName, JsonNode state) {
        String type = state.path("Type").asText();
        String at = where + ": state " + stateName;
        require(TYPES.contains(type), at + " has no known Type: " + state.get("Type"));
        require(stateName.codePointCount(0, stateName.length()) <= 80, at + ": a state name has at most 80 characters");
        require(!state.has("End") || !Set.of("Choice", "Succeed", "Fail").contains(type), at + ": a " + type + " state cannot have End");
        for (String pair : List.of("TimeoutSeconds", "HeartbeatSeconds", "Error", "Cause", "MaxConcurrency", "ToleratedFailureCount",
                "ToleratedFailurePercentage")) {
            require(!(state.has(pair) && state.has(pair + "Path")), at + " has both " + pair + " and " + pair + "Path");
        }
        switch (type) {
            case "Task" -> {
                require(state.path("Resource").isTextual(), at + " has no Resource");
                positiveInteger(state, "TimeoutSeconds", at);
                positiveInteger(state, "HeartbeatSeconds", at);
                require(!(state.has("TimeoutSeconds") && state.has("HeartbeatSeconds"))
                        || state.get("HeartbeatSeconds").asLong() < state.get("TimeoutSeconds").asLong(), at + ": HeartbeatSeconds must be below TimeoutSeconds");
            }
            case "Wait" -> require(List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath").stream().filter(state::has).count() == 1,
                    at + " needs exactly one of Seconds, SecondsPath, Timestamp and TimestampPath");
            case "Choice" -> {
                require(state.path("Choices").isArray() && !state.path("Choices").isEmpty(), at + " needs a non-empty Choices array");
                for (JsonNode rule : state.path("Choices")) {
                    require(rule.path("Next").isTextual(), at + ": a top-level Choice Rule needs Next");
                    rule(rule, at);
                }
            }
            case "Parallel" -> require(state.path("Branches").isArray() && !state.path("Branches").isEmpty(), at + " needs Branches");
            case "Map" -> {
                require(state.has("ItemProcessor") || state.has("Iterator"), at + " needs an ItemProcessor");
                require(!state.has("ToleratedFailurePercentage") || state.get("ToleratedFailurePercentage").asDouble(-1) >= 0
                        && state.get("ToleratedFailurePercentage").asDouble() <= 100, at + ": ToleratedFailurePercentage is between 0 and 100");
            }
            default -> {
            }
        }
        resultPath(state, at);
        handlers(state.path("Retry"), at + " Retry", true);
        handlers(state.path("Catch"), at + " Catch", false);
    }

    private static void rule(JsonNode rule, String at) {
        for (String bool : List.of("And", "Or")) {
            if (rule.has(bool)) {
                require(rule.get(bool).isArray() && !rule.get(bool).isEmpty(), at + ": " + bool + " needs a non-empty array of Choice Rules");
                for (JsonNode nested : rule.get(bool)) {
                    nested(nested, at);
                }
                return;
            }
        }
        if (rule.has("Not")) {
            nested(rule.get("Not"), at);
            return;
        }
        require(rule.path("Variable").isTextual(), at + ": a Choice Rule needs Variable (or And, Or, Not)");
        int operators = 0;
        for (Iterator<String> fields = rule.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!Set.of("Variable", "Next", "Comment").contains(field)) {
                require(ChoiceRules.isOperator(field), at + ": " + field + " is no comparison operator");
                operators++;
            }
        }
        require(operators == 1, at + ": a Choice Rule has exactly one comparison operator: " + rule);
    }

    private static void nested(JsonNode rule, String at) {
        require(rule.isObject() && !rule.has("Next"), at + ": a nested Choice Rule has no Next");
        rule(rule, at);
    }

    private static void resultPath(JsonNode holder, String at) {
        JsonNode path = holder.get("ResultPath");
        require(path == null || path.isNull() || path.isTextual() && !path.asText().startsWith("$$") && JsonPaths.isReferencePath(path.asText()),
                at + ": ResultPath must be a Reference Path (not into the Context Object): " + path);
    }

    private static void handlers(JsonNode handlers, String at, boolean retriers) {
        for (int i = 0; i < handlers.size(); i++) {
            JsonNode handler = handlers.get(i);
            JsonNode errors = handler.path("ErrorEquals");
            require(errors.isArray() && !errors.isEmpty(), at + ": ErrorEquals needs a non-empty array");
            for (JsonNode error : errors) {
                require(!error.asText().equals("States.ALL") || errors.size() == 1 && i == handlers.size() - 1,
                        at + ": States.ALL must appear alone, in the last " + (retriers ? "retrier" : "catcher"));
            }
            if (retriers) {
                positiveInteger(handler, "IntervalSeconds", at);
                positiveInteger(handler, "MaxDelaySeconds", at);
                require(!handler.has("MaxAttempts") || handler.get("MaxAttempts").canConvertToInt() && handler.get("MaxAttempts").asInt() >= 0
                        && handler.get("MaxAttempts").isIntegralNumber(), at + ": MaxAttempts is a non-negative integer");
                require(!handler.has("BackoffRate") || handler.get("BackoffRate").isNumber() && handler.get("BackoffRate").asDouble() >= 1.0,
                        at + ": BackoffRate is at least 1.0");
            } else {
                require(handler.path("Next").isTextual(), at + ": a catcher needs Next");
                resultPath(handler, at + " catcher");
            }
        }
    }

    static void positiveInteger(JsonNode holder, String field, String at) {
        require(!holder.has(field) || holder.get(field).isIntegralNumber() && holder.get(field).asLong() > 0, at + ": " + field + " is a positive integer");
    }

    private static void require(boolean holds, String message) {
        if (!holds) {
            throw new IllegalArgumentException(message);
        }
    }
}
