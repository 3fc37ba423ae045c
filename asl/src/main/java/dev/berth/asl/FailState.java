package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;

/** The Fail state: its Error and Cause, or ErrorPath and CausePath (a Reference Path or an intrinsic function) on its input. */
final class FailState {
    private FailState() {
    }

    static TaskFailure failure(String stateName, JsonNode state, JsonNode raw, DataFlow dataFlow) throws TaskFailure {
        String error = state.has("ErrorPath") ? text(stateName, state, "ErrorPath", raw, dataFlow) : state.path("Error").asText("States.Fail");
        String cause = state.has("CausePath") ? text(stateName, state, "CausePath", raw, dataFlow) : state.path("Cause").asText(null);
        return new TaskFailure(error, cause);
    }

    private static String text(String stateName, JsonNode state, String field, JsonNode raw, DataFlow dataFlow) throws TaskFailure {
        String expression = state.get(field).asText();
        JsonNode value = DataFlow.resolve(expression, raw, dataFlow.context(stateName, -1, null));
        if (value == null) {
            throw new TaskFailure("States.Runtime", field + " " + expression + " of " + stateName + " selects nothing in the input " + raw);
        }
        return value.isNull() ? null : value.isTextual() ? value.asText() : value.toString();
    }
}
