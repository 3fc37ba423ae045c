package dev.berth.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.json.JsonTrees;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response, written as the payload-2.0 result API Gateway expects. */
public record ApiResponse(int status, Map<String, String> headers, JsonNode body) {

    public static ApiResponse json(int status, JsonNode body) {
        return new ApiResponse(status, new LinkedHashMap<>(), body);
    }

    /** A plain-text body (a download), sent as is. */
    public static ApiResponse text(int status, String text, String fileName) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        headers.put("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        return new ApiResponse(status, headers, com.fasterxml.jackson.databind.node.TextNode.valueOf(text));
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, new LinkedHashMap<>(), null);
    }

    public ApiResponse header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, copy, body);
    }

    public ObjectNode toEvent() {
        ObjectNode out = JsonTrees.object();
        out.put("statusCode", status);
        ObjectNode h = out.putObject("headers");
        boolean text = body != null && body.isTextual();
        if (body != null && !text) {
            h.put("Content-Type", "application/json");
        }
        h.put("Cache-Control", "no-store");
        headers.forEach(h::put);
        if (body != null) {
            out.put("body", text ? body.asText() : JsonTrees.text(body));
        }
        out.put("isBase64Encoded", false);
        return out;
    }
}
