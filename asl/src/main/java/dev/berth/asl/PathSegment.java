package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** One step of a Path, and the parser that reads a Path into steps. */
sealed interface PathSegment {
    /** Adds what this step selects from {@code node} to {@code out}. */
    void select(JsonNode node, List<JsonNode> out);

    /** Whether this step selects at most one node. */
    boolean definite();

    record Name(String name) implements PathSegment {
        public void select(JsonNode node, List<JsonNode> out) {
            if (node.isObject() && node.has(name)) {
                out.add(node.get(name));
            }
        }

        public boolean definite() {
            return true;
        }
    }

    record Index(int index) implements PathSegment {
        /** The position in an array of {@code size} items (a negative index counts from the end), or -1. */
        int position(int size) {
            int at = index < 0 ? size + index : index;
            return at >= 0 && at < size ? at : -1;
        }

        public void select(JsonNode node, List<JsonNode> out) {
            if (node.isArray() && position(node.size()) >= 0) {
                out.add(node.get(position(node.size())));
            }
        }

        public boolean definite() {
            return true;
        }
    }

    record Wildcard() implements PathSegment {
        public void select(JsonNode node, List<JsonNode> out) {
            node.elements().forEachRemaining(out::add);
        }

        public boolean definite() {
            return false;
        }
    }

    record Union(List<PathSegment> members) implements PathSegment {
        public void select(JsonNode node, List<JsonNode> out) {
            members.forEach(m -> m.select(node, out));
        }

        public boolean definite() {
            return false;
        }
    }

    /** {@code [start:end:step]}, Python's slice: missing bounds are the array's, negative ones count from the end. */
    record Slice(Integer start, Integer end, int step) implements PathSegment {
        public void select(JsonNode node, List<JsonNode> out) {
            if (!node.isArray()) {
                return;
            }
            int size = node.size();
            int from = start == null ? 0 : Math.max(0, Math.min(size, start < 0 ? size + start : start));
            int to = end == null ? size : Math.max(0, Math.min(size, end < 0 ? size + end : end));
            for (int i = from; i < to; i += step) {
                out.add(node.get(i));
            }
        }

        public boolean definite() {
            return false;
        }
    }

    /** {@code ..step}: the step applied to the node and every node below it. */
    record DeepScan(PathSegment inner) implements PathSegment {
        public void select(JsonNode node, List<JsonNode> out) {
            inner.select(node, out);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                select(it.next(), out);
            }
        }

        public boolean definite() {
            return false;
        }
    }

    static List<PathSegment> parse(String path) {
        return new PathParser(path).segments();
    }
}
