package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The array intrinsic functions: States.ArrayPartition, ArrayContains, ArrayRange (at most 1000
 * items), ArrayGetItem, ArrayLength, ArrayUnique. Their array argument must be an array.
 */
final class ArrayIntrinsics {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_RANGE = 1000;

    private ArrayIntrinsics() {
    }

    static JsonNode partition(List<JsonNode> args) throws TaskFailure {
        int size = integer(args.get(1), "States.ArrayPartition");
        if (size <= 0) {
            throw new TaskFailure("States.IntrinsicFailure", "States.ArrayPartition needs a positive chunk size");
        }
        ArrayNode out = NODES.arrayNode();
        ArrayNode chunk = null;
        for (JsonNode item : array(args.get(0), "States.ArrayPartition")) {
            if (chunk == null || chunk.size() == size) {
                chunk = out.addArray();
            }
            chunk.add(item);
        }
        return out;
    }

    static JsonNode contains(List<JsonNode> args) throws TaskFailure {
        for (JsonNode item : array(args.get(0), "States.ArrayContains")) {
            if (item.equals(args.get(1))) {
                return BooleanNode.TRUE;
            }
        }
        return BooleanNode.FALSE;
    }

    static JsonNode range(List<JsonNode> args) throws TaskFailure {
        int from = integer(args.get(0), "States.ArrayRange");
        int to = integer(args.get(1), "States.ArrayRange");
        int step = integer(args.get(2), "States.ArrayRange");
        if (step == 0) {
            throw new TaskFailure("States.IntrinsicFailure", "States.ArrayRange needs a step other than 0");
        }
        ArrayNode out = NODES.arrayNode();
        for (long i = from; step > 0 ? i <= to : i >= to; i += step) {
            if (out.size() == MAX_RANGE) {
                throw new TaskFailure("States.IntrinsicFailure", "States.ArrayRange makes at most " + MAX_RANGE + " items");
            }
            out.add((int) i);
        }
        return out;
    }

    static JsonNode getItem(List<JsonNode> args) throws TaskFailure {
        JsonNode item = array(args.get(0), "States.ArrayGetItem").get(integer(args.get(1), "States.ArrayGetItem"));
        if (item == null) {
            throw new TaskFailure("States.IntrinsicFailure", "States.ArrayGetItem: no item " + args.get(1));
        }
        return item;
    }

    static JsonNode length(List<JsonNode> args) throws TaskFailure {
        return IntNode.valueOf(array(args.get(0), "States.ArrayLength").size());
    }

    static JsonNode unique(List<JsonNode> args) throws TaskFailure {
        Set<JsonNode> seen = new LinkedHashSet<>();
        array(args.get(0), "States.ArrayUnique").forEach(seen::add);
        return NODES.arrayNode().addAll(seen);
    }

    private static JsonNode array(JsonNode value, String function) throws TaskFailure {
        if (!value.isArray()) {
            throw new TaskFailure("States.IntrinsicFailure", function + " needs an array, not " + value);
        }
        return value;
    }

    private static int integer(JsonNode value, String function) throws TaskFailure {
        if (!value.isIntegralNumber() && !(value.isNumber() && value.asDouble() == Math.rint(value.asDouble()))) {
            throw new TaskFailure("States.IntrinsicFailure", function + " needs an integer, not " + value);
        }
        return value.asInt();
    }
}
