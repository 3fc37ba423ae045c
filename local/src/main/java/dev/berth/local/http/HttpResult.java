package dev.berth.local.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** What goes back to the HTTP client; a header may appear more than once (Set-Cookie). */
public record HttpResult(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    /** A JSON body of our own (routing errors), in the API's {"error","message"} shape. */
    public static HttpResult jsonError(int status, String code, String message) {
        String body = "{\"error\":" + quote(code) + ",\"message\":" + quote(message) + ",\"details\":{}}";
        return json(status, body);
    }

    public HttpResult withHeader(String name, String value) {
        List<Map.Entry<String, String>> more = new java.util.ArrayList<>(headers);
        more.add(Map.entry(name, value));
        return new HttpResult(status, more, body);
    }

    public static HttpResult json(int status, String body) {
        return new HttpResult(status, List.of(Map.entry("Content-Type", "application/json")), body.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
