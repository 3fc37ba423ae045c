package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The States Language's Paths (JsonPath: {@code $.a.b}, {@code $['a']}, {@code $.a[0]},
 * {@code $.a[-1]}, {@code $.a[*]}, {@code $.a[0,1]}, {@code $.a[1:3]}, {@code $..name}, a
 * backslash escaping the next character of a name) and Reference Paths, the subset that names
 * one node. Reading a missing path gives null, an error the caller names; writing (ResultPath)
 * creates missing objects but never replaces a value that is not an object.
 */
final class JsonPaths {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonPaths() {
    }

    /**
     * What {@code path} selects: for a Reference Path the node, or null when it selects nothing;
     * for a path that can select several values, an array of them, as the specification gathers them.
     */
    static JsonNode read(JsonNode root, String path) {
        List<PathSegment> segments = PathSegment.parse(path);
        List<JsonNode> nodes = List.of(root);
        for (PathSegment segment : segments) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : nodes) {
                segment.select(node, next);
            }
            nodes = next;
        }
        if (segments.stream().allMatch(PathSegment::definite)) {
            return nodes.isEmpty() ? null : nodes.get(0);
        }
        return NODES.arrayNode().addAll(nodes);
    }

    /** Whether {@code path} is a Reference Path: one that can only name a single node. */
    static boolean isReferencePath(String path) {
        try {
            return PathSegment.parse(path).stream().allMatch(PathSegment::definite);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A copy of {@code root} with {@code value} at the Reference Path {@code path} ({@code $}
     * replaces the whole document), with missing objects on the way created.
     *
     * @throws IllegalArgumentException when the path cannot be applied: the input, or a value on
     *     the way, is not an object (or, for an index, an array that long)
     */
    static JsonNode write(JsonNode root, String path, JsonNode value) {
        List<PathSegment> segments = PathSegment.parse(path);
        if (segments.isEmpty()) {
            return value;
        }
        if (!segments.stream().allMatch(PathSegment::definite)) {
            throw new IllegalArgumentException("ResultPath " + path + " is not a Reference Path");
        }
        if (root == null || !root.isContainerNode()) {
            throw new IllegalArgumentException("ResultPath " + path + " cannot be applied to the state's input " + root + ": it is not an object");
        }
        JsonNode copy = root.deepCopy();
        JsonNode node = copy;
        for (int i = 0; i < segments.size(); i++) {
            PathSegment segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (segment instanceof PathSegment.Name name && node.isObject()) {
                JsonNode child = node.get(name.name());
                if (last) {
                    ((ObjectNode) node).set(name.name(), value);
                } else if (child == null) {
                    node = ((ObjectNode) node).putObject(name.name());
                } else if (child.isContainerNode()) {
                    node = child;
                } else {
                    throw new IllegalArgumentException("ResultPath " + path + " cannot be applied: " + name.name() + " holds " + child + ", not an object");
                }
            } else if (segment instanceof PathSegment.Index index && node.isArray() && index.position(node.size()) >= 0) {
                int at = index.position(node.size());
                if (last) {
                    ((ArrayNode) node).set(at, value);
                } else if (node.get(at).isContainerNode()) {
                    node = node.get(at);
                } else {
                    throw new IllegalArgumentException("ResultPath " + path + " cannot be applied: item " + at + " holds " + node.get(at) + ", not an object");
                }
            } else {
                throw new IllegalArgumentException("ResultPath " + path + " cannot be applied to " + node + ": it is not an object");
            }
        }
        return copy;
    }
}
