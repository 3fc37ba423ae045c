package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * Input and output processing, in the specification's order: InputPath, Parameters (a Payload
 * Template), the state's work, ResultSelector, ResultPath, OutputPath; and the Context Object that
 * {@code $$} paths read.
 */
final class DataFlow {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String stateMachine;
    private final String executionName;
    private final Instant startedAt;
    private final JsonNode executionInput;

    DataFlow(String stateMachine, String executionName, Instant startedAt, JsonNode executionInput) {
        this.stateMachine = stateMachine;
        this.executionName = executionName;
        this.startedAt = startedAt;
        this.executionInput = executionInput;
    }

    /** InputPath applied to the raw input ({@code null}: an empty object). */
    JsonNode inputPath(JsonNode raw, JsonNode state) throws TaskFailure {
        return path(raw, state, "InputPath");
    }

    /** The effective input: InputPath, then Parameters when the state has them. */
    JsonNode effectiveInput(JsonNode raw, JsonNode state, String stateName) throws TaskFailure {
        JsonNode selected = inputPath(raw, state);
        return state.has("Parameters") ? payload(state.get("Parameters"), selected, stateName) : selected;
    }

    /** ResultSelector applied to a result, when the state has one. */
    JsonNode resultSelector(JsonNode state, JsonNode result, String stateName) throws TaskFailure {
        return state.has("ResultSelector") ? payload(state.get("ResultSelector"), result, stateName) : result;
    }

    /** ResultPath then OutputPath: the state's effective output. */
    static JsonNode effectiveOutput(JsonNode raw, JsonNode state, JsonNode result) throws TaskFailure {
        return outputPath(resultPath(raw, state, result), state);
    }

    JsonNode payload(JsonNode template, JsonNode data, String stateName) throws TaskFailure {
        return payload(template, data, stateName, -1, null);
    }

    /** A Payload Template (Parameters, ResultSelector, ItemSelector): keys ending in {@code .$} take a path, a context path or an intrinsic. */
    JsonNode payload(JsonNode template, JsonNode data, String stateName, int mapIndex, JsonNode mapItem) throws TaskFailure {
        if (template.isArray()) {
            ArrayNode out = NODES.arrayNode();
            for (JsonNode element : template) {
                out.add(payload(element, data, stateName, mapIndex, mapItem));
            }
            return out;
        }
        if (!template.isObject()) {
            return template;
        }
        ObjectNode out = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = template.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (!key.endsWith(".$")) {
                out.set(key, payload(field.getValue(), data, stateName, mapIndex, mapItem));
                continue;
            }
            String expression = field.getValue().asText();
            JsonNode value = resolve(expression, data, context(stateName, mapIndex, mapItem));
            if (value == null) {
                throw new TaskFailure("States.ParameterPathFailure", "The path " + expression + " of " + key + " in " + stateName
                        + " selects nothing in " + (expression.startsWith("$$") ? "the context object" : "the input " + data));
            }
            out.set(key.substring(0, key.length() - 2), value);
        }
        return out;
    }

    /**
     * The value of a {@code .$} field (or of a Fail state's ErrorPath and CausePath): a path on
     * {@code data}, a {@code $$} path on the Context Object, or an intrinsic function. Null when a path selects nothing.
     */
    static JsonNode resolve(String expression, JsonNode data, JsonNode context) throws TaskFailure {
        try {
            if (expression.startsWith("$$")) {
                return JsonPaths.read(context, expression.substring(1));
            }
            if (expression.startsWith("$")) {
                return JsonPaths.read(data, expression);
            }
        } catch (IllegalArgumentException e) {
            throw new TaskFailure("States.Runtime", e.getMessage());
        }
        return IntrinsicFunctions.evaluate(expression, p -> resolve(p, data, context));
    }

    /** The Context Object: Execution, State, StateMachine and, in a Map's ItemSelector, Map.Item. */
    JsonNode context(String stateName, int mapIndex, JsonNode mapItem) {
        ObjectNode context = NODES.objectNode();
        context.putObject("Execution").put("Id", "arn:aws:states:local:000000000000:execution:" + stateMachine + ":" + executionName)
                .put("Name", executionName).put("StartTime", startedAt.toString()).set("Input", executionInput);
        context.putObject("State").put("Name", stateName).put("EnteredTime", Instant.now().toString());
        context.putObject("StateMachine").put("Id", "arn:aws:states:local:000000000000:stateMachine:" + stateMachine).put("Name", stateMachine);
        if (mapIndex >= 0) {
            context.putObject("Map").putObject("Item").put("Index", mapIndex).set("Value", mapItem);
        }
        return context;
    }

    private static JsonNode path(JsonNode raw, JsonNode state, String field) throws TaskFailure {
        if (!state.has(field)) {
            return raw;
        }
        if (state.get(field).isNull()) {
            return NODES.objectNode();
        }
        JsonNode value;
        try {
            value = JsonPaths.read(raw, state.get(field).asText());
        } catch (IllegalArgumentException e) {
            throw new TaskFailure("States.Runtime", field + ": " + e.getMessage());
        }
        if (value == null) {
            throw new TaskFailure("States.Runtime", field + " " + state.get(field).asText() + " selects nothing in the input " + raw);
        }
        return value;
    }

    static JsonNode resultPath(JsonNode raw, JsonNode state, JsonNode result) throws TaskFailure {
        if (!state.has("ResultPath")) {
            return result;
        }
        if (state.get("ResultPath").isNull()) {
            return raw;
        }
        try {
            return JsonPaths.write(raw, state.get("ResultPath").asText(), result);
        } catch (IllegalArgumentException e) {
            throw new TaskFailure("States.ResultPathMatchFailure", e.getMessage());
        }
    }

    static JsonNode outputPath(JsonNode data, JsonNode state) throws TaskFailure {
        return path(data, state, "OutputPath");
    }
}
