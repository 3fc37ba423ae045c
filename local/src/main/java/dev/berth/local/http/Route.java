package dev.berth.local.http;

import java.util.ArrayList;
import java.util.List;

/**
 * One route of the HTTP API and the function behind it. {@code method} is upper case or
 * {@code ANY}; {@code path} is null for the {@code $default} route.
 */
public record Route(String method, String path, String functionName) {

    public String routeKey() {
        return path == null ? "$default" : method + " " + path;
    }

    boolean isDefault() {
        return path == null;
    }

    boolean isGreedy() {
        return path != null && path.endsWith("+}");
    }

    List<String> segments() {
        return path == null ? List.of() : split(path);
    }

    static List<String> split(String path) {
        // "/a/b/" -> ["a", "b", ""]: a trailing slash is a different path, as on API Gateway.
        List<String> out = new ArrayList<>(List.of(path.substring(1).split("/", -1)));
        if (out.size() == 1 && out.get(0).isEmpty()) {
            out.clear();
        }
        return out;
    }
}
