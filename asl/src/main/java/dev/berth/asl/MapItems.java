package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of a Map state's iterations: the items ItemReader reads (through the task invoker,
 * like a Task's resource; {@code States.ItemReaderFailed} when it fails) or the effective input,
 * ItemsPath in them, at most ReaderConfig's MaxItems; each through ItemSelector (with
 * {@code $$.Map.Item}); grouped by ItemBatcher.
 */
final class MapItems {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final DataFlow dataFlow;
    private final TaskInvoker tasks;

    MapItems(DataFlow dataFlow, TaskInvoker tasks) {
        this.dataFlow = dataFlow;
        this.tasks = tasks;
    }

    List<JsonNode> inputs(String stateName, JsonNode state, JsonNode effective) throws TaskFailure {
        JsonNode items = items(stateName, state, effective);
        JsonNode selector = state.has("ItemSelector") ? state.get("ItemSelector") : state.get("Parameters");
        List<JsonNode> selected = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            selected.add(selector == null ? item : dataFlow.payload(selector, effective, stateName, i, item));
        }
        return state.has("ItemBatcher") ? batches(stateName, state.get("ItemBatcher"), selected, effective) : selected;
    }

    private JsonNode items(String stateName, JsonNode state, JsonNode effective) throws TaskFailure {
        JsonNode reader = state.get("ItemReader");
        JsonNode source = reader == null ? effective : read(stateName, reader, effective);
        JsonNode items;
        try {
            items = state.has("ItemsPath") ? JsonPaths.read(source, state.get("ItemsPath").asText()) : source;
        } catch (IllegalArgumentException e) {
            throw new TaskFailure("States.Runtime", "ItemsPath: " + e.getMessage());
        }
        if (items == null || !items.isArray()) {
            throw new TaskFailure("States.Runtime", "The items of " + stateName + " are not an array");
        }
        long max = reader == null ? -1 : number(reader.path("ReaderConfig"), "MaxItems", effective);
        if (max >= 0 && items.size() > max) {
            ArrayNode first = NODES.arrayNode();
            for (int i = 0; i < max; i++) {
                first.add(items.get(i));
            }
            return first;
        }
        return items;
    }

    private JsonNode read(String stateName, JsonNode reader, JsonNode effective) throws TaskFailure {
        JsonNode parameters = reader.has("Parameters") ? dataFlow.payload(reader.get("Parameters"), effective, stateName) : NODES.objectNode();
        String resource = reader.path("Resource").asText();
        try {
            JsonNode read = tasks.invoke(stateName, resource, parameters);
            if (read == null) {
                throw new TaskFailure("States.TaskFailed", "no result");
            }
            return read;
        } catch (TaskFailure failure) {
            throw new TaskFailure("States.ItemReaderFailed", "The ItemReader of " + stateName + " (" + resource + ") failed: "
                    + failure.error() + ": " + failure.cause());
        } catch (RuntimeException e) {
            throw new TaskFailure("States.ItemReaderFailed", "The ItemReader of " + stateName + " (" + resource + ") failed: " + e);
        }
    }

    /** ItemBatcher: {@code {"BatchInput": ..., "Items": [...]}} of at most MaxItemsPerBatch items and MaxInputBytesPerBatch bytes. */
    private List<JsonNode> batches(String stateName, JsonNode batcher, List<JsonNode> selected, JsonNode effective) throws TaskFailure {
        long maxItems = number(batcher, "MaxItemsPerBatch", effective);
        long maxBytes = number(batcher, "MaxInputBytesPerBatch", effective);
        JsonNode batchInput = batcher.has("BatchInput") ? dataFlow.payload(batcher.get("BatchInput"), effective, stateName) : null;
        List<JsonNode> batches = new ArrayList<>();
        ObjectNode batch = null;
        for (JsonNode item : selected) {
            boolean full = batch != null && (maxItems > 0 && batch.get("Items").size() >= maxItems
                    || maxBytes > 0 && bytes(batch) + bytes(item) + 1 > maxBytes);
            if (batch == null || full) {
                batch = NODES.objectNode();
                if (batchInput != null) {
                    batch.set("BatchInput", batchInput);
                }
                batch.putArray("Items");
                batches.add(batch);
            }
            ((ArrayNode) batch.get("Items")).add(item);
        }
        return batches;
    }

    private static int bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * A non-negative number given as {@code field} or, indirectly, as {@code fieldPath} on the
     * effective input; -1 when neither is there.
     */
    static long number(JsonNode config, String field, JsonNode effective) throws TaskFailure {
        JsonNode value = config.get(field);
        if (config.has(field + "Path")) {
            try {
                value = JsonPaths.read(effective, config.get(field + "Path").asText());
            } catch (IllegalArgumentException e) {
                throw new TaskFailure("States.Runtime", field + "Path: " + e.getMessage());
            }
        }
        if (value == null) {
            return -1;
        }
        if (!value.isNumber() || value.asDouble() < 0) {
            throw new TaskFailure("States.Runtime", field + " is not a non-negative number: " + value);
        }
        return (long) value.asDouble();
    }
}
