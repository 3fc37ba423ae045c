package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference paths of the States Language: {@code $}, {@code $.a.b}, {@code $['a']},
 * {@code $.a[0]}. Reading a missing path is an error the caller names ({@code States.Runtime},
 * {@code States.ParameterPathFailure}); writing creates the missing objects (ResultPath).
 */
final class JsonPaths {
    private JsonPaths() {
    }

    /** The value at {@code path}, or null when it is missing. */
    static JsonNode read(JsonNode root, String path) {
        JsonNode node = root;
        for (Object step : steps(path)) {
            if (node == null) {
                return null;
            }
            node = step instanceof Integer index ? (node.isArray() ? node.get(index) : null) : (node.isObject() ? node.get((String) step) : null);
        }
        return node;
    }

    /** A copy of {@code root} with {@code value} at {@code path} ({@code $} replaces the whole document). */
    static JsonNode write(JsonNode root, String path, JsonNode value) {
        List<Object> steps = steps(path);
        if (steps.isEmpty()) {
            return value;
        }
        JsonNode copy = root == null || !root.isObject() ? JsonNodeFactory.instance.objectNode() : root.deepCopy();
        JsonNode node = copy;
        for (int i = 0; i < steps.size() - 1; i++) {
            Object step = steps.get(i);
            if (!(step instanceof String name) || !node.isObject()) {
                throw new IllegalArgumentException("ResultPath " + path + " cannot be created in the state's input");
            }
            JsonNode next = node.get(name);
            if (next == null || !next.isObject()) {
                next = ((ObjectNode) node).putObject(name);
            }
            node = next;
        }
        Object last = steps.get(steps.size() - 1);
        if (last instanceof String name && node.isObject()) {
            ((ObjectNode) node).set(name, value);
        } else if (last instanceof Integer index && node.isArray() && index < node.size()) {
            ((ArrayNode) node).set(index, value);
        } else {
            throw new IllegalArgumentException("ResultPath " + path + " cannot be written in the state's input");
        }
        return copy;
    }

    static List<Object> steps(String path) {
        if (path == null || !path.startsWith("$")) {
            throw new IllegalArgumentException("Not a reference path: " + path);
        }
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                steps.add(path.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException("Unclosed [ in path " + path);
                }
                String inside = path.substring(i + 1, end).trim();
                if (inside.startsWith("'") && inside.endsWith("'") && inside.length() >= 2) {
                    steps.add(inside.substring(1, inside.length() - 1));
                } else {
                    steps.add(Integer.parseInt(inside));
                }
                i = end + 1;
            } else {
                throw new IllegalArgumentException("Unexpected '" + c + "' in path " + path);
            }
        }
        return steps;
    }
}
