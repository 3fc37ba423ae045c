package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringTokenizer;
import java.util.UUID;

/**
 * The States Language's intrinsic functions (its Appendix B), as a table from name to function.
 * {@link IntrinsicParser} reads the call and its arguments.
 */
final class IntrinsicFunctions {
    private static final ObjectMapper JSON = AslJson.MAPPER;
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
            Map.entry("States.ArrayPartition", ArrayIntrinsics::partition),
            Map.entry("States.ArrayContains", ArrayIntrinsics::contains),
            Map.entry("States.ArrayRange", ArrayIntrinsics::range),
            Map.entry("States.ArrayGetItem", ArrayIntrinsics::getItem),
            Map.entry("States.ArrayLength", ArrayIntrinsics::length),
            Map.entry("States.ArrayUnique", ArrayIntrinsics::unique),
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

    /** Evaluates an intrinsic expression; {@code paths} reads its path arguments. */
    static JsonNode evaluate(String expression, IntrinsicParser.Paths paths) throws TaskFailure {
        return IntrinsicParser.evaluate(expression, paths);
    }

    /** Calls a function of the table; wrong arguments (too few, of the wrong type) are a {@code States.IntrinsicFailure}. */
    static JsonNode apply(String name, List<JsonNode> args) throws TaskFailure {
        Intrinsic function = TABLE.get(name);
        if (function == null) {
            throw new TaskFailure("States.IntrinsicFailure", "The local interpreter does not know " + name);
        }
        try {
            return function.apply(args);
        } catch (RuntimeException e) {
            throw new TaskFailure("States.IntrinsicFailure", name + " cannot take the arguments " + args + ": " + e);
        }
    }

    /** States.Format: each {} takes the next argument (a string, number, boolean or null); written \{ and \} stay braces. */
    private static JsonNode format(List<JsonNode> args) throws TaskFailure {
        if (args.isEmpty() || !args.get(0).isTextual()) {
            throw new TaskFailure("States.IntrinsicFailure", "States.Format needs a string template first");
        }
        String template = args.get(0) instanceof IntrinsicParser.Literal literal ? literal.written() : args.get(0).asText().replace("\\", "\\\\");
        StringBuilder out = new StringBuilder();
        int next = 1;
        for (int i = 0; i < template.length(); i++) {
            if (template.charAt(i) == '\\' && i + 1 < template.length()) {
                out.append(template.charAt(++i));
            } else if (template.startsWith("{}", i)) {
                if (next >= args.size() || args.get(next).isContainerNode()) {
                    throw new TaskFailure("States.IntrinsicFailure", "States.Format needs a string, number, boolean or null for each {}");
                }
                JsonNode arg = args.get(next++);
                out.append(arg.isTextual() ? arg.asText() : arg.toString());
                i++;
            } else {
                out.append(template.charAt(i));
            }
        }
        if (next != args.size()) {
            throw new TaskFailure("States.IntrinsicFailure", "States.Format has " + (args.size() - 1) + " arguments for " + (next - 1) + " {}");
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

    /** States.MathRandom(start, end[, seed]): an integer from start (included) to end (excluded). */
    private static JsonNode mathRandom(List<JsonNode> args) {
        int start = args.get(0).asInt();
        int end = args.get(1).asInt();
        Random random = args.size() > 2 ? new Random(args.get(2).asLong()) : new Random();
        return IntNode.valueOf(start + random.nextInt(Math.max(1, end - start)));
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
