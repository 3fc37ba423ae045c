package dev.berth.api.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.json.FieldReader;
import dev.berth.core.auth.Principal;
import dev.berth.core.error.BerthException;
import dev.berth.core.json.JsonTrees;
import dev.berth.core.openedx.WriteOnlySecrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The shared shape of every HTTP handler: read the payload-2.0 event, dispatch on its route key,
 * map a {@link BerthException} to its status and JSON error, never let an exception escape as a
 * bare 5xx without a JSON body.
 */
public abstract class ApiHandler implements RequestStreamHandler, dev.berth.lambda.Primed {
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** One route's code. */
    @FunctionalInterface
    protected interface Route {
        ApiResponse handle(ApiRequest request);
    }

    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final dev.berth.lambda.SnapStartPriming priming = dev.berth.lambda.SnapStartPriming.register(this::prime);

    protected final void route(String routeKey, Route route) {
        routes.put(routeKey, route);
    }

    /**
     * {@code GET base} (names only), {@code PUT base/{key}} ({@code {"value": ...}}) and
     * {@code DELETE base/{key}}: an owner's write-only secrets, the owner being {@code {id}} in base.
     */
    protected final void writeOnlySecretRoutes(String base, Function<ApiRequest, Principal> caller, Supplier<WriteOnlySecrets> secrets) {
        route("GET " + base, r -> {
            ObjectNode body = JsonTrees.object();
            secrets.get().names(caller.apply(r), r.pathParameter("id")).forEach(body.putArray("names")::add);
            return ApiResponse.json(200, body);
        });
        route("PUT " + base + "/{key}", r -> {
            FieldReader fields = new FieldReader(JsonBodies.object(r)).allowOnly(Set.of("value"), Set.of(), "a secret");
            String value = fields.text("value");
            fields.done();
            secrets.get().put(caller.apply(r), r.pathParameter("id"), r.pathParameter("key"), value);
            return ApiResponse.noContent();
        });
        route("DELETE " + base + "/{key}", r -> {
            secrets.get().delete(caller.apply(r), r.pathParameter("id"), r.pathParameter("key"));
            return ApiResponse.noContent();
        });
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long started = System.nanoTime();
        // jackson-core alone on the way in and out: the mapper is built only by a route that needs it (issue 19.1).
        JsonNode event = JsonTrees.parse(input);
        ApiRequest request = ApiRequest.fromEvent(event);
        ApiResponse response = handle(request);
        JsonTrees.write(response.toEvent(), output);
        ObjectNode line = dev.berth.core.json.LogLines.line("request").put("requestId", request.requestId()).put("route", request.routeKey())
                .put("status", response.status()).put("durationMs", (System.nanoTime() - started) / 1_000_000);
        request.pathParameters().forEach(line::put);
        actor(request.header("authorization")).ifPresent(actor -> line.put("actor", actor));
        dev.berth.core.json.LogLines.write(line);
    }

    /**
     * The SnapStart priming request: the function's first route with a token that names no token,
     * through the same parsing, routing, authentication (one read of the table) and rendering as
     * a real request, refused before anything is written.
     */
    @Override
    public final ApiResponse prime() {
        if (routes.isEmpty()) {
            return null;
        }
        String routeKey = routes.keySet().iterator().next();
        String method = routeKey.substring(0, routeKey.indexOf(' '));
        String template = routeKey.substring(routeKey.indexOf(' ') + 1);
        ObjectNode event = JsonTrees.object().put("version", "2.0").put("routeKey", routeKey)
                .put("rawPath", template.replaceAll("\\{[^}]+}", "priming")).put("rawQueryString", "");
        event.putObject("headers").put("authorization", "Bearer brt_priming_" + "0".repeat(40)).put("content-type", "application/json");
        java.util.regex.Matcher parameters = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(template);
        ObjectNode path = event.putObject("pathParameters");
        while (parameters.find()) {
            path.put(parameters.group(1), "priming");
        }
        event.putObject("requestContext").put("requestId", "snapstart-priming").putObject("http").put("method", method)
                .put("path", event.get("rawPath").asText());
        ApiResponse response = handle(ApiRequest.fromEvent(event));
        response.toEvent();
        return response;
    }

    /** The token id of a bearer token (its public part), never the secret. */
    private static java.util.Optional<String> actor(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer brt_")) {
            return java.util.Optional.empty();
        }
        String[] parts = authorization.substring(7).split("_", 3);
        return parts.length == 3 && parts[1].matches("[a-z0-9]{1,32}") ? java.util.Optional.of("token:" + parts[1]) : java.util.Optional.empty();
    }

    public final ApiResponse handle(ApiRequest request) {
        Route route = routes.get(request.routeKey());
        if (route == null) {
            return errorBody(404, "not_found", "No route " + request.routeKey() + " in this function", Map.of());
        }
        for (Map.Entry<String, String> parameter : request.pathParameters().entrySet()) {
            if (!ID.matcher(parameter.getValue()).matches()) {
                // No id Berth gives out looks like that: it names nothing (and never reaches the table).
                return errorBody(404, "not_found", "No such " + parameter.getKey() + ": ids are letters, digits, '.', '_' and '-'",
                        Map.of());
            }
        }
        try {
            return route.handle(request);
        } catch (BerthException e) {
            return error(e);
        } catch (RuntimeException e) {
            System.err.println("[" + request.requestId() + "] " + request.routeKey() + " failed");
            e.printStackTrace();
            return errorBody(500, "internal_error", "Something went wrong on our side (request " + request.requestId() + ")", Map.of());
        }
    }

    public static ApiResponse error(BerthException e) {
        int status = switch (e.kind()) {
            case BAD_REQUEST -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case PRECONDITION_FAILED -> 412;
            case PAYLOAD_TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case INVALID -> 422;
            case PRECONDITION_REQUIRED -> 428;
        };
        ApiResponse response = errorBody(status, e.code(), e.getMessage(), e.details());
        if (e.currentVersion() != null) {
            response = response.header("ETag", Etags.of(e.currentVersion()));
        }
        if (status == 401) {
            response = response.header("WWW-Authenticate", "Bearer");
        }
        return response;
    }

    private static ApiResponse errorBody(int status, String code, String message, Map<String, Object> details) {
        ObjectNode body = JsonTrees.object();
        body.put("error", code);
        body.put("message", message);
        body.set("details", JsonTrees.valueOf(details));
        return ApiResponse.json(status, body);
    }
}
