package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.StringTokenizer;
import java.util.UUID;
import java.util.function.Function;

/**
 * The States Language's intrinsic functions (its Appendix B), as a table from name to function.
 * {@link IntrinsicParser} reads the call and its arguments.
 */
final class IntrinsicFunctions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One intrinsic function, on its evaluated arguments. */
    @FunctionalInterface
    interface Intrinsic {
        JsonNode apply(List<JsonNode> args) throws TaskFailure;
    }

    private static final Map<String, Intrinsic> TABLE = Map.ofEntries(
            Map.entry("States.Format", IntrinsicFunctions::format),
            Map.entry("States.StringToJson", IntrinsicFunctions::stringToJson),
            Map.entry("States.JsonToString", args -> TextNode.valueOf(args.get(0).toString())),
            Map.entry("States.Array", args -> NODES.arrayNode().addAll(args)),
            Map.entry("States.ArrayPartition", IntrinsicFunctions::arrayPartition),
            Map.entry("States.ArrayContains", args -> BooleanNode.valueOf(contains(args.get(0), args.get(1)))),
            Map.entry("States.ArrayRange", IntrinsicFunctions::arrayRange),
            Map.entry("States.ArrayGetItem", IntrinsicFunctions::arrayGetItem),
            Map.entry("States.ArrayLength", args -> IntNode.valueOf(args.get(0).size())),
            Map.entry("States.ArrayUnique", IntrinsicFunctions::arrayUnique),
            Map.entry("States.Base64Encode", args -> TextNode.valueOf(Base64.getEncoder().encodeToString(args.get(0).asText().getBytes(StandardCharsets.UTF_8)))),
            Map.entry("States.Base64Decode", IntrinsicFunctions::base64Decode),
            Map.entry("States.Hash", IntrinsicFunctions::hash),
            Map.entry("States.JsonMerge", IntrinsicFunctions::jsonMerge),
            Map.entry("States.MathRandom", IntrinsicFunctions::mathRandom),
            Map.entry("States.MathAdd", args -> IntNode.valueOf(args.get(0).asInt() + args.get(1).asInt())),
            Map.entry("States.StringSplit", IntrinsicFunctions::stringSplit),
            Map.entry("States.UUID", args -> TextNode.valueOf(UUID.randomUUID().toString())));

    private IntrinsicFunctions() {
    }

    /** Evaluates an intrinsic expression; {@code path} reads its path arguments. */
    static JsonNode evaluate(String expression, Function<String, JsonNode> path) throws TaskFailure {
        return IntrinsicParser.evaluate(expression, path);
    }

    static JsonNode apply(String name, List<JsonNode> args) throws TaskFailure {
        Intrinsic function = TABLE.get(name);
        if (function == null) {
            throw new TaskFailure("States.IntrinsicFailure", "The local interpreter does not know " + name);
        }
        return function.apply(args);
    }

    private static JsonNode format(List<JsonNode> args) {
        String template = args.get(0).asText();
        StringBuilder out = new StringBuilder();
        int next = 1;
        for (int i = 0; i < template.length(); i++) {
            if (template.startsWith("{}", i)) {
                JsonNode arg = args.get(next++);
                out.append(arg.isTextual() ? arg.asText() : arg.toString());
                i++;
            } else {
                out.append(template.charAt(i));
            }
        }
        return TextNode.valueOf(out.toString());
    }

    private static JsonNode stringToJson(List<JsonNode> args) throws TaskFailure {
        try {
            return JSON.readTree(args.get(0).asText());
        } catch (IOException e) {
            throw new TaskFailure("States.IntrinsicFailure", "Not JSON: " + args.get(0).asText());
        }
    }

    private static JsonNode arrayPartition(List<JsonNode> args) throws TaskFailure {
        ArrayNode out = NODES.arrayNode();
        int size = args.get(1).asInt();
        if (size <= 0) {
            throw new TaskFailure("States.IntrinsicFailure", "States.ArrayPartition needs a positive chunk size");
        }
        ArrayNode chunk = null;
        for (JsonNode item : args.get(0)) {
            if (chunk == null || chunk.size() == size) {
                chunk = out.addArray();
            }
            chunk.add(item);
        }
        return out;
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        for (JsonNode item : array) {
            if (item.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode arrayRange(List<JsonNode> args) throws TaskFailure {
        ArrayNode out = NODES.arrayNode();
        int from = args.get(0).asInt();
        int to = args.get(1).asInt();
        int step = args.get(2).asInt();
        if (step == 0) {
            throw new TaskFailure("States.IntrinsicFailure", "States.ArrayRange needs a step other than 0");
        }
        for (int i = from; step > 0 ? i <= to : i >= to; i += step) {
            out.add(i);
        }
        return out;
    }

    private static JsonNode arrayGetItem(List<JsonNode> args) throws TaskFailure {
        JsonNode item = args.get(0).get(args.get(1).asInt());
        if (item == null) {
            throw new TaskFailure("States.IntrinsicFailure", "States.ArrayGetItem: no item " + args.get(1));
        }
        return item;
    }

    private static JsonNode arrayUnique(List<JsonNode> args) {
        Set<JsonNode> seen = new LinkedHashSet<>();
        args.get(0).forEach(seen::add);
        return NODES.arrayNode().addAll(seen);
    }

    private static JsonNode base64Decode(List<JsonNode> args) throws TaskFailure {
        try {
            return TextNode.valueOf(new String(Base64.getDecoder().decode(args.get(0).asText()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new TaskFailure("States.IntrinsicFailure", "States.Base64Decode: not base64");
        }
    }

    private static JsonNode hash(List<JsonNode> args) throws TaskFailure {
        String algorithm = args.get(1).asText();
        if (!List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512").contains(algorithm)) {
            throw new TaskFailure("States.IntrinsicFailure", "States.Hash: unknown algorithm " + algorithm);
        }
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(args.get(0).asText().getBytes(StandardCharsets.UTF_8));
            return TextNode.valueOf(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new TaskFailure("States.IntrinsicFailure", e.getMessage());
        }
    }

    private static JsonNode jsonMerge(List<JsonNode> args) throws TaskFailure {
        if (args.size() > 2 && args.get(2).asBoolean()) {
            throw new TaskFailure("States.IntrinsicFailure", "States.JsonMerge supports shallow merges only (false)");
        }
        ObjectNode out = ((ObjectNode) args.get(0)).deepCopy();
        out.setAll((ObjectNode) args.get(1));
        return out;
    }

    private static JsonNode mathRandom(List<JsonNode> args) {
        int start = args.get(0).asInt();
        int end = args.get(1).asInt();
        return IntNode.valueOf(start + new Random().nextInt(Math.max(1, end - start)));
    }

    private static JsonNode stringSplit(List<JsonNode> args) {
        ArrayNode out = NODES.arrayNode();
        StringTokenizer tokens = new StringTokenizer(args.get(0).asText(), args.get(1).asText());
        while (tokens.hasMoreTokens()) {
            out.add(tokens.nextToken());
        }
        return out;
    }
}
