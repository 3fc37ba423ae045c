package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads an intrinsic function call, {@code States.Name(arg, ...)}: arguments are quoted strings,
 * numbers, {@code null}, paths ({@code $}, {@code $$}) or nested calls.
 */
final class IntrinsicParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String text;
    private final Function<String, JsonNode> path;
    private int pos;

    private IntrinsicParser(String text, Function<String, JsonNode> path) {
        this.text = text;
        this.path = path;
    }

    /** Evaluates a whole expression; {@code path} reads a path argument (null: it selects nothing). */
    static JsonNode evaluate(String expression, Function<String, JsonNode> path) throws TaskFailure {
        IntrinsicParser parser = new IntrinsicParser(expression.trim(), path);
        JsonNode value = parser.call();
        if (parser.pos != parser.text.length()) {
            throw new TaskFailure("States.IntrinsicFailure", "Unexpected text after " + expression.substring(0, parser.pos));
        }
        return value;
    }

    private JsonNode call() throws TaskFailure {
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
        return IntrinsicFunctions.apply(name, args);
    }

    private JsonNode argument() throws TaskFailure {
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

    private void skip() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }
}
