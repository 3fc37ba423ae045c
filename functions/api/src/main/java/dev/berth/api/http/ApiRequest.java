package dev.berth.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The parts of an API Gateway HTTP API (payload format 2.0) event that the handlers use. */
public record ApiRequest(
        String routeKey,
        String method,
        String path,
        Map<String, String> headers,
        Map<String, String> query,
        Map<String, String> pathParameters,
        byte[] body,
        String requestId) {

    public static ApiRequest fromEvent(JsonNode event) {
        JsonNode http = event.path("requestContext").path("http");
        String body = event.path("body").isTextual() ? event.path("body").asText() : null;
        byte[] bytes = body == null ? new byte[0]
                : event.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        return new ApiRequest(
                event.path("routeKey").asText(""),
                http.path("method").asText(""),
                event.path("rawPath").asText(http.path("path").asText("")),
                lowerCaseKeys(strings(event.path("headers"))),
                strings(event.path("queryStringParameters")),
                strings(event.path("pathParameters")),
                bytes,
                event.path("requestContext").path("requestId").asText(""));
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String pathParameter(String name) {
        return pathParameters.get(name);
    }

    public String queryParameter(String name) {
        return query.get(name);
    }

    /** A {@code true|false} query parameter; absent is false, anything else is refused (422). */
    public boolean booleanQueryParameter(String name) {
        String value = query.get(name);
        if (value != null && !value.equals("true") && !value.equals("false")) {
            throw dev.berth.core.error.BerthException.invalid(name, "must be true or false");
        }
        return "true".equals(value);
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new HashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> map) {
        Map<String, String> out = new HashMap<>();
        map.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        return out;
    }
}
