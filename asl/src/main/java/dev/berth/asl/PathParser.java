package dev.berth.asl;

import java.util.ArrayList;
import java.util.List;

/** Reads a Path ({@code $...}) into {@link PathSegment}s; filters and scripts ({@code ?()}, {@code ()}) are not supported. */
final class PathParser {
    private final String path;
    private int pos = 1;

    PathParser(String path) {
        if (path == null || !path.startsWith("$")) {
            throw new IllegalArgumentException("Not a path: " + path);
        }
        this.path = path;
    }

    List<PathSegment> segments() {
        List<PathSegment> segments = new ArrayList<>();
        while (pos < path.length()) {
            if (path.startsWith("..", pos)) {
                pos += 2;
                if (pos >= path.length()) {
                    throw new IllegalArgumentException("Nothing after .. in path " + path);
                }
                segments.add(new PathSegment.DeepScan(path.charAt(pos) == '[' ? bracket() : dotted()));
            } else if (path.charAt(pos) == '.') {
                pos++;
                segments.add(dotted());
            } else if (path.charAt(pos) == '[') {
                segments.add(bracket());
            } else {
                throw new IllegalArgumentException("Unexpected '" + path.charAt(pos) + "' in path " + path);
            }
        }
        return segments;
    }

    /** A name after a dot ({@code \} escapes the next character), or {@code *}. */
    private PathSegment dotted() {
        if (pos < path.length() && path.charAt(pos) == '*') {
            pos++;
            return new PathSegment.Wildcard();
        }
        StringBuilder name = new StringBuilder();
        while (pos < path.length() && path.charAt(pos) != '.' && path.charAt(pos) != '[') {
            if (path.charAt(pos) == '\\' && pos + 1 < path.length()) {
                pos++;
            }
            name.append(path.charAt(pos++));
        }
        if (name.length() == 0) {
            throw new IllegalArgumentException("An empty name in path " + path);
        }
        return new PathSegment.Name(name.toString());
    }

    /** {@code [...]}: a quoted name, an index, {@code *}, a union {@code a,b} or a slice {@code start:end:step}. */
    private PathSegment bracket() {
        int end = pos + 1;
        char quote = 0;
        while (end < path.length() && (quote != 0 || path.charAt(end) != ']')) {
            char c = path.charAt(end);
            if (quote != 0 && c == '\\') {
                end++;
            } else if (c == '\'' || c == '"') {
                quote = quote == 0 ? c : quote == c ? 0 : quote;
            }
            end++;
        }
        if (end >= path.length()) {
            throw new IllegalArgumentException("Unclosed [ in path " + path);
        }
        String inside = path.substring(pos + 1, end).trim();
        pos = end + 1;
        if (inside.equals("*")) {
            return new PathSegment.Wildcard();
        }
        if (inside.startsWith("?") || inside.startsWith("(")) {
            throw new IllegalArgumentException("Filters and scripts are not supported: " + path);
        }
        List<String> members = split(inside, ',');
        if (members.size() > 1) {
            return new PathSegment.Union(members.stream().map(this::member).toList());
        }
        List<String> slice = split(inside, ':');
        if (slice.size() > 1) {
            int step = slice.size() > 2 && !slice.get(2).isBlank() ? Integer.parseInt(slice.get(2).trim()) : 1;
            if (step <= 0 || slice.size() > 3) {
                throw new IllegalArgumentException("Unsupported slice in path " + path);
            }
            return new PathSegment.Slice(bound(slice.get(0)), bound(slice.get(1)), step);
        }
        return member(inside);
    }

    private PathSegment member(String text) {
        String t = text.trim();
        if (t.length() >= 2 && (t.startsWith("'") && t.endsWith("'") || t.startsWith("\"") && t.endsWith("\""))) {
            return new PathSegment.Name(t.substring(1, t.length() - 1).replaceAll("\\\\(.)", "$1"));
        }
        try {
            return new PathSegment.Index(Integer.parseInt(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a name or an index: [" + t + "] in path " + path);
        }
    }

    private static Integer bound(String text) {
        return text.isBlank() ? null : Integer.valueOf(text.trim());
    }

    /** Splits on {@code separator} outside quotes. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        char quote = 0;
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0 && c == '\\') {
                i++;
            } else if (c == '\'' || c == '"') {
                quote = quote == 0 ? c : quote == c ? 0 : quote;
            } else if (c == separator && quote == 0) {
                parts.add(text.substring(from, i));
                from = i + 1;
            }
        }
        parts.add(text.substring(from));
        return parts;
    }
}
