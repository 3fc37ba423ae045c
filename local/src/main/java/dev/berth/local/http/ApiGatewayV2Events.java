package dev.berth.local.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.local.template.LocalAws;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the event an HTTP API sends a Lambda proxy integration, payload format 2.0: header names
 * lower case and repeated headers joined with commas, repeated query parameters joined with
 * commas, cookies in their own list (not among the headers), parameters URL-decoded, optional
 * fields left out when empty, and a body that is base64-encoded unless its content type is text.
 */
public final class ApiGatewayV2Events {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ObjectMapper json;

    public ApiGatewayV2Events(ObjectMapper json) {
        this.json = json;
    }

    /** A request id shaped like API Gateway's (e.g. {@code JKJaXmPLvHcESHA=}). */
    public static String newRequestId() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    public ObjectNode build(IncomingRequest request, RouteMatch match) {
        ObjectNode event = json.createObjectNode();
        String routeKey = match.route().routeKey();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", request.rawPath());
        event.put("rawQueryString", request.rawQuery());

        List<String> cookies = new ArrayList<>();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : request.headers()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("cookie")) {
                for (String cookie : h.getValue().split(";")) {
                    if (!cookie.isBlank()) {
                        cookies.add(cookie.trim());
                    }
                }
            } else {
                headers.merge(name, h.getValue(), (a, b) -> a + "," + b);
            }
        }
        if (!cookies.isEmpty()) {
            cookies.forEach(event.putArray("cookies")::add);
        }
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);

        Map<String, String> query = queryParameters(request.rawQuery());
        if (!query.isEmpty()) {
            ObjectNode q = event.putObject("queryStringParameters");
            query.forEach(q::put);
        }

        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", LocalAws.ACCOUNT_ID);
        context.put("apiId", LocalAws.HTTP_API_ID);
        context.put("domainName", request.domainName());
        context.put("domainPrefix", request.domainName().split("\\.", 2)[0]);
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.rawPath());
        http.put("protocol", request.protocol());
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        context.put("requestId", request.requestId());
        context.put("routeKey", routeKey);
        context.put("stage", "$default");
        context.put("time", TIME.format(request.time()));
        context.put("timeEpoch", request.time().toEpochMilli());

        if (!match.pathParameters().isEmpty()) {
            ObjectNode p = event.putObject("pathParameters");
            match.pathParameters().forEach(p::put);
        }

        boolean base64 = false;
        if (request.body().length > 0) {
            // Bytes that are not UTF-8 travel as they are (a signature is checked on the exact bytes).
            base64 = !isText(headers.get("content-type")) || !isUtf8(request.body());
            event.put("body", base64 ? Base64.getEncoder().encodeToString(request.body())
                    : new String(request.body(), StandardCharsets.UTF_8));
        }
        event.put("isBase64Encoded", base64);
        return event;
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** Repeated keys are joined with commas; a key without '=' has an empty value. */
    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.merge(key, value, (a, b) -> a + "," + b);
        }
        return out;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a stray '%': pass it on as sent
        }
    }

    /**
     * Text bodies are passed as they are; everything else (including a missing content type and
     * form posts, as HTTP APIs do) is base64-encoded.
     */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/xml") || type.endsWith("+xml")
                || type.equals("application/javascript") || type.equals("application/yaml") || type.equals("application/x-yaml");
    }
}
