package dev.berth.local.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads a function's answer the way an HTTP API reads a payload-2.0 response: an object with a
 * {@code statusCode} gives status, {@code headers}, {@code cookies} (each a Set-Cookie header) and
 * {@code body} (base64 when {@code isBase64Encoded}); any other valid JSON is a 200
 * {@code application/json} body as it is; anything else is a malformed response (an Internal Server Error on AWS).
 * {@code multiValueHeaders} belongs to payload 1.0 and is ignored, as AWS ignores it.
 */
public final class LambdaProxyResponses {
    private final ObjectMapper json;

    public LambdaProxyResponses(ObjectMapper json) {
        this.json = json;
    }

    /** @throws MalformedResponseException when API Gateway could not read it either */
    public HttpResult toHttp(byte[] output) throws MalformedResponseException {
        JsonNode response;
        try {
            response = json.readTree(output);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new MalformedResponseException("the function's output is not JSON: " + e.getMessage());
        } catch (java.io.IOException e) {
            throw new MalformedResponseException(e.getMessage());
        }
        if (response == null || response.isMissingNode()) {
            throw new MalformedResponseException("the function wrote nothing");
        }
        if (!response.isObject() || !response.has("statusCode")) {
            // Payload 2.0 infers the response: 200, JSON, the output as the body.
            String body = response.isTextual() ? response.asText() : response.toString();
            return HttpResult.json(200, body);
        }
        JsonNode statusNode = response.get("statusCode");
        if (!statusNode.canConvertToInt() || statusNode.asInt() < 100 || statusNode.asInt() > 599) {
            throw new MalformedResponseException("statusCode is not an HTTP status: " + statusNode);
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        JsonNode headerNode = response.path("headers");
        if (!headerNode.isMissingNode() && !headerNode.isNull()) {
            if (!headerNode.isObject()) {
                throw new MalformedResponseException("headers is not an object");
            }
            headerNode.fields().forEachRemaining(e -> headers.add(Map.entry(e.getKey(), e.getValue().asText())));
        }
        JsonNode cookies = response.path("cookies");
        if (cookies.isArray()) {
            cookies.forEach(c -> headers.add(Map.entry("Set-Cookie", c.asText())));
        }
        byte[] body = new byte[0];
        JsonNode bodyNode = response.path("body");
        if (!bodyNode.isMissingNode() && !bodyNode.isNull()) {
            String text = bodyNode.isTextual() ? bodyNode.asText() : bodyNode.toString();
            if (response.path("isBase64Encoded").asBoolean(false)) {
                try {
                    body = Base64.getDecoder().decode(text);
                } catch (IllegalArgumentException e) {
                    throw new MalformedResponseException("isBase64Encoded is true but the body is not base64");
                }
            } else {
                body = text.getBytes(StandardCharsets.UTF_8);
            }
        }
        return new HttpResult(statusNode.asInt(), List.copyOf(headers), body);
    }

    /** The function answered something that is not a proxy response. */
    public static final class MalformedResponseException extends Exception {
        public MalformedResponseException(String message) {
            super(message);
        }
    }
}
