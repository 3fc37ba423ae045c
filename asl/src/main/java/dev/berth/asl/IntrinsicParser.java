package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads an intrinsic function call, {@code States.Name(arg, ...)}: arguments are strings in
 * apostrophes (where {@code \'}, {@code \{}, {@code \}} and {@code \\} are the only escapes),
 * numbers, {@code null}, paths ({@code $}, {@code $$}) or nested calls.
 */
final class IntrinsicParser {
    private static final ObjectReader JSON = AslJson.MAPPER.reader();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._]+");

    /** Reads a path argument: null when it selects nothing. */
    @FunctionalInterface
    interface Paths {
        JsonNode read(String path) throws TaskFailure;
    }

    /** A string argument written in the call, with its escapes as written (States.Format keeps {@code \{} and {@code \}} literal). */
    static final class Literal extends TextNode {
        private final String written;

        Literal(String value, String written) {
            super(value);
            this.written = written;
        }

        String written() {
            return written;
        }
    }

    private final String text;
    private final Paths paths;
    private int pos;

    private IntrinsicParser(String text, Paths paths) {
        this.text = text;
        this.paths = paths;
    }

    static JsonNode evaluate(String expression, Paths paths) throws TaskFailure {
        IntrinsicParser parser = new IntrinsicParser(expression.trim(), paths);
        try {
            JsonNode value = parser.call();
            if (parser.pos != parser.text.length()) {
                throw new TaskFailure("States.IntrinsicFailure", "Unexpected text after " + parser.text.substring(0, parser.pos));
            }
            return value;
        } catch (IndexOutOfBoundsException e) {
            throw new TaskFailure("States.IntrinsicFailure", "An incomplete intrinsic function: " + expression);
        }
    }

    private JsonNode call() throws TaskFailure {
        int open = text.indexOf('(', pos);
        String name = open < 0 ? "" : text.substring(pos, open).trim();
        if (!NAME.matcher(name).matches()) {
            throw new TaskFailure("States.IntrinsicFailure", "Not an intrinsic function: " + text.substring(pos));
        }
        pos = open + 1;
        List<JsonNode> args = new ArrayList<>();
        skip();
        while (text.charAt(pos) != ')') {
            args.add(argument());
            skip();
            if (text.charAt(pos) == ',') {
                pos++;
                skip();
            } else if (text.charAt(pos) != ')') {
                throw new TaskFailure("States.IntrinsicFailure", "Expected , or ) at " + text.substring(pos) + " in " + text);
            }
        }
        pos++;
        return IntrinsicFunctions.apply(name, args);
    }

    private JsonNode argument() throws TaskFailure {
        char c = text.charAt(pos);
        if (c == '\'') {
            return literal();
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
            JsonNode value = paths.read(token);
            if (value == null) {
                throw new TaskFailure("States.ParameterPathFailure", "The path " + token + " in " + text + " selects nothing");
            }
            return value;
        }
        try {
            JsonNode value = JSON.readTree(token);
            if (value == null || !(value.isNumber() || value.isNull() || value.isBoolean())) {
                throw new TaskFailure("States.IntrinsicFailure", "Not an argument: " + token + " in " + text);
            }
            return value;
        } catch (IOException e) {
            throw new TaskFailure("States.IntrinsicFailure", "Not an argument: " + token + " in " + text);
        }
    }

    private JsonNode literal() throws TaskFailure {
        StringBuilder value = new StringBuilder();
        int start = ++pos;
        while (text.charAt(pos) != '\'') {
            if (text.charAt(pos) == '\\') {
                char escaped = text.charAt(++pos);
                if ("'{}\\".indexOf(escaped) < 0) {
                    throw new TaskFailure("States.IntrinsicFailure", "An open escape \\" + escaped + " in " + text);
                }
            }
            value.append(text.charAt(pos++));
        }
        String written = text.substring(start, pos++);
        return new Literal(value.toString(), written);
    }

    private void skip() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }
}
