package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The States Language's intrinsic functions: Format, StringToJson, JsonToString, Array,
 * ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem, ArrayLength, ArrayUnique, Base64Encode,
 * Base64Decode, Hash, JsonMerge, MathRandom, MathAdd, StringSplit, UUID.
 */
final class IntrinsicFunctions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IntrinsicFunctions() {
    }

    static JsonNode evaluate(String expression, Function<String, JsonNode> path) throws TaskFailure {
        Parser parser = new Parser(expression.trim(), path);
        JsonNode value = parser.call();
        if (parser.pos != parser.text.length()) {
            throw new TaskFailure("States.IntrinsicFailure", "Unexpected text after " + expression.substring(0, parser.pos));
        }
        return value;
    }

    private static final class Parser {
        final String text;
        final Function<String, JsonNode> path;
        int pos;

        Parser(String text, Function<String, JsonNode> path) {
            this.text = text;
            this.path = path;
        }

        JsonNode call() throws TaskFailure {
            int open = text.indexOf('(', pos);
            if (open < 0) {
                throw new TaskFailure("States.IntrinsicFailure", "Not an intrinsic function: " + text);
            }
            String name = text.substring(pos, open).trim();
            pos = open + 1;
            List<JsonNode> args = new ArrayList<>();
            skip();
            while (text.charAt(pos) != ')') {
                args.add(argument());
                skip();
                if (text.charAt(pos) == ',') {
                    pos++;
                    skip();
                }
            }
            pos++;
            return apply(name, args);
        }

        JsonNode argument() throws TaskFailure {
            char c = text.charAt(pos);
            if (c == '\'') {
                StringBuilder out = new StringBuilder();
                pos++;
                while (text.charAt(pos) != '\'') {
                    if (text.charAt(pos) == '\\') {
                        pos++;
                    }
                    out.append(text.charAt(pos++));
                }
                pos++;
                return TextNode.valueOf(out.toString());
            }
            if (text.startsWith("States.", pos)) {
                return call();
            }
            int end = pos;
            while (end < text.length() && text.charAt(end) != ',' && text.charAt(end) != ')') {
                end++;
            }
            String token = text.substring(pos, end).trim();
            pos = end;
            if (token.startsWith("$")) {
                JsonNode value = path.apply(token);
                if (value == null) {
                    throw new TaskFailure("States.Runtime", "The path " + token + " is missing from the input");
                }
                return value;
            }
            try {
                return JSON.readTree(token);
            } catch (IOException e) {
                throw new TaskFailure("States.IntrinsicFailure", "Cannot read argument " + token);
            }
        }

        void skip() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        JsonNode apply(String name, List<JsonNode> args) throws TaskFailure {
            switch (name) {
                case "States.Format" -> {
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
                case "States.StringToJson" -> {
                    try {
                        return JSON.readTree(args.get(0).asText());
                    } catch (IOException e) {
                        throw new TaskFailure("States.IntrinsicFailure", "Not JSON: " + args.get(0).asText());
                    }
                }
                case "States.JsonToString" -> {
                    return TextNode.valueOf(args.get(0).toString());
                }
                case "States.Array" -> {
                    ArrayNode array = JsonNodeFactory.instance.arrayNode();
                    args.forEach(array::add);
                    return array;
                }
                case "States.UUID" -> {
                    return TextNode.valueOf(java.util.UUID.randomUUID().toString());
                }
                case "States.ArrayPartition" -> {
                    ArrayNode out = JsonNodeFactory.instance.arrayNode();
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
                case "States.ArrayContains" -> {
                    for (JsonNode item : args.get(0)) {
                        if (item.equals(args.get(1))) {
                            return com.fasterxml.jackson.databind.node.BooleanNode.TRUE;
                        }
                    }
                    return com.fasterxml.jackson.databind.node.BooleanNode.FALSE;
                }
                case "States.ArrayRange" -> {
                    ArrayNode out = JsonNodeFactory.instance.arrayNode();
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
                case "States.ArrayGetItem" -> {
                    JsonNode item = args.get(0).get(args.get(1).asInt());
                    if (item == null) {
                        throw new TaskFailure("States.IntrinsicFailure", "States.ArrayGetItem: no item " + args.get(1));
                    }
                    return item;
                }
                case "States.ArrayLength" -> {
                    return com.fasterxml.jackson.databind.node.IntNode.valueOf(args.get(0).size());
                }
                case "States.ArrayUnique" -> {
                    ArrayNode out = JsonNodeFactory.instance.arrayNode();
                    java.util.Set<JsonNode> seen = new java.util.LinkedHashSet<>();
                    args.get(0).forEach(seen::add);
                    seen.forEach(out::add);
                    return out;
                }
                case "States.Base64Encode" -> {
                    return TextNode.valueOf(java.util.Base64.getEncoder().encodeToString(args.get(0).asText().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                }
                case "States.Base64Decode" -> {
                    try {
                        return TextNode.valueOf(new String(java.util.Base64.getDecoder().decode(args.get(0).asText()), java.nio.charset.StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException e) {
                        throw new TaskFailure("States.IntrinsicFailure", "States.Base64Decode: not base64");
                    }
                }
                case "States.Hash" -> {
                    String algorithm = switch (args.get(1).asText()) {
                        case "MD5" -> "MD5";
                        case "SHA-1" -> "SHA-1";
                        case "SHA-256" -> "SHA-256";
                        case "SHA-384" -> "SHA-384";
                        case "SHA-512" -> "SHA-512";
                        default -> throw new TaskFailure("States.IntrinsicFailure", "States.Hash: unknown algorithm " + args.get(1).asText());
                    };
                    try {
                        byte[] digest = java.security.MessageDigest.getInstance(algorithm).digest(args.get(0).asText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        return TextNode.valueOf(java.util.HexFormat.of().formatHex(digest));
                    } catch (java.security.NoSuchAlgorithmException e) {
                        throw new TaskFailure("States.IntrinsicFailure", e.getMessage());
                    }
                }
                case "States.JsonMerge" -> {
                    if (args.size() > 2 && args.get(2).asBoolean()) {
                        throw new TaskFailure("States.IntrinsicFailure", "States.JsonMerge supports shallow merges only (false)");
                    }
                    com.fasterxml.jackson.databind.node.ObjectNode out = ((com.fasterxml.jackson.databind.node.ObjectNode) args.get(0)).deepCopy();
                    out.setAll((com.fasterxml.jackson.databind.node.ObjectNode) args.get(1));
                    return out;
                }
                case "States.MathRandom" -> {
                    int start = args.get(0).asInt();
                    int end = args.get(1).asInt();
                    return com.fasterxml.jackson.databind.node.IntNode.valueOf(start + new java.util.Random().nextInt(Math.max(1, end - start)));
                }
                case "States.MathAdd" -> {
                    return com.fasterxml.jackson.databind.node.IntNode.valueOf(args.get(0).asInt() + args.get(1).asInt());
                }
                case "States.StringSplit" -> {
                    ArrayNode out = JsonNodeFactory.instance.arrayNode();
                    String delimiters = args.get(1).asText();
                    java.util.StringTokenizer tokens = new java.util.StringTokenizer(args.get(0).asText(), delimiters);
                    while (tokens.hasMoreTokens()) {
                        out.add(tokens.nextToken());
                    }
                    return out;
                }
                default -> throw new TaskFailure("States.IntrinsicFailure", "The local interpreter does not know " + name);
            }
        }
    }
}
