package dev.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.berth.core.testing.TestCore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Calls the handlers exactly as Lambda does: a payload-2.0 event as a stream in, the response
 * event as a stream out. Routes go to the handler that template.yaml names for them.
 */
final class LambdaClient {
    static final ObjectMapper JSON = dev.berth.core.json.Json.MAPPER;

    record Response(int status, Map<String, String> headers, JsonNode body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    /** Route key to the handler template.yaml names for it, one instance per handler class (one per function). */
    private final Map<String, RequestStreamHandler> handlers;
    private final ApiRoot root;
    String token = TestCore.ADMIN_TOKEN;

    /** Handlers built through {@code root}, as the local runtime builds them. */
    LambdaClient(ApiRoot root) {
        this.root = root;
        handlers = new HashMap<>();
        Map<String, RequestStreamHandler> byClass = new HashMap<>();
        try {
            for (var route : SampleEventsTest.templateRoutes().entrySet()) {
                var factory = ApiRoot.HANDLERS.get(route.getValue());
                if (factory != null) {
                    handlers.put(route.getKey(), byClass.computeIfAbsent(route.getValue(), name -> factory.apply(root)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** In memory. */
    LambdaClient() {
        this(TestApi.inMemory());
    }

    ApiRoot root() {
        return root;
    }

    LambdaClient as(String otherToken) {
        LambdaClient copy = new LambdaClient(this);
        copy.token = otherToken;
        return copy;
    }

    private LambdaClient(LambdaClient other) {
        handlers = other.handlers;
        root = other.root;
    }

    Response send(ObjectNode event) {
        String routeKey = event.path("routeKey").asText();
        var handler = handlers.get(routeKey);
        if (handler == null) {
            throw new IllegalArgumentException("template.yaml has no route " + routeKey);
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out, null);
            JsonNode response = JSON.readTree(out.toByteArray());
            Map<String, String> headers = new HashMap<>();
            response.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
            JsonNode body = response.hasNonNull("body") ? JSON.readTree(response.get("body").asText()) : null;
            return new Response(response.get("statusCode").asInt(), headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds an event; {@code path} is concrete, {@code route} the template's path with {id}. */
    Response call(String method, String route, String id, String query, String body, Map<String, String> extraHeaders) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", method + " " + route);
        String parameter = route.contains("{name}") ? "name" : "id";
        String path = id == null ? route : route.replace("{" + parameter + "}", id);
        event.put("rawPath", path);
        event.put("rawQueryString", query == null ? "" : query);
        ObjectNode headers = event.putObject("headers");
        if (token != null) {
            headers.put("authorization", "Bearer " + token);
        }
        if (body != null) {
            headers.put("content-type", "application/json");
        }
        extraHeaders.forEach((k, v) -> headers.put(k.toLowerCase(), v));
        if (query != null && !query.isEmpty()) {
            ObjectNode params = event.putObject("queryStringParameters");
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
                        kv.length > 1 ? java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8) : "");
            }
        }
        if (id != null) {
            event.putObject("pathParameters").put(parameter, id);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("requestId", "test-" + System.nanoTime());
        context.putObject("http").put("method", method).put("path", path);
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return send(event);
    }

    Response get(String route, String id) {
        return call("GET", route, id, null, null, Map.of());
    }

    Response get(String route, String id, String query) {
        return call("GET", route, id, query, null, Map.of());
    }

    Response post(String route, String body) {
        return call("POST", route, null, null, body, Map.of());
    }

    Response patch(String id, String ifMatch, String body) {
        return call("PATCH", "/api/v1/instances/{id}", id, null, body, ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
    }

    Response createInstance(String name, String subDomain) {
        return post("/api/v1/instances", "{\"name\":\"" + name + "\",\"subDomain\":\"" + subDomain + "\"}");
    }

}
