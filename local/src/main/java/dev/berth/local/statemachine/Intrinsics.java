package dev.berth.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The intrinsic functions the project's definitions may use in Parameters: Format, StringToJson, JsonToString, Array, UUID. */
final class Intrinsics {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Intrinsics() {
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
                default -> throw new TaskFailure("States.IntrinsicFailure", "The local interpreter does not know " + name);
            }
        }
    }
}
