package dev.berth.local.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test handler: answers with the event it received, its environment (names and the non-secret
 * values) and its context, so tests can see exactly what the runtime handed over. The query
 * parameter {@code status} chooses the status code; {@code binary=1} answers base64 bytes.
 */
public final class EchoHandler implements RequestStreamHandler {
    private static final ObjectMapper JSON = dev.berth.core.json.Json.MAPPER;
    private final Map<String, String> env;
    private final String greeting;

    /** @param greeting a stand-in for an adapter that the runtime's catalog hands in */
    public EchoHandler(Map<String, String> env, String greeting) {
        this.env = env;
        this.greeting = greeting;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        JsonNode query = event.path("queryStringParameters");
        if (query.path("binary").asText().equals("1")) {
            ObjectNode response = JSON.createObjectNode();
            response.put("statusCode", 200);
            response.putObject("headers").put("Content-Type", "application/octet-stream");
            response.put("body", java.util.Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 255}));
            response.put("isBase64Encoded", true);
            JSON.writeValue(output, response);
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("event", event);
        body.set("env", JSON.valueToTree(new TreeMap<>(env)));
        body.put("greeting", greeting);
        ObjectNode ctx = body.putObject("context");
        ctx.put("functionName", context.getFunctionName());
        ctx.put("requestId", context.getAwsRequestId());
        ctx.put("arn", context.getInvokedFunctionArn());
        ctx.put("remainingMillis", context.getRemainingTimeInMillis());
        context.getLogger().log("echo " + event.path("rawPath").asText());

        ObjectNode response = JSON.createObjectNode();
        response.put("statusCode", query.path("status").asInt(200));
        response.putObject("headers").put("Content-Type", "application/json").put("X-Echo", "yes");
        response.putArray("cookies").add("a=1; Path=/").add("b=2");
        response.put("body", JSON.writeValueAsString(body));
        JSON.writeValue(output, response);
    }
}
