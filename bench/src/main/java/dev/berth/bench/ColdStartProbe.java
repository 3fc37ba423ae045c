package dev.berth.bench;

import dev.berth.api.InstancesHandler;
import dev.berth.api.ApiRoot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * One Lambda cold start, as a fresh JVM: build the handler as Lambda's init would, answer one
 * {@code GET /api/v1/instances/{id}} event, exit. Args: client endpoint table instanceId token.
 */
public final class ColdStartProbe {
    public static void main(String[] args) throws Exception {
        String client = args[0];
        Map<String, String> env = new HashMap<>();
        env.put("BERTH_TABLE", args[2]);
        env.put("BERTH_DYNAMODB_ENDPOINT", args[1]);
        env.put("BERTH_CURSOR_SECRET", "bench-cursor-secret-0123456789abcdef");
        // "lambda-jar": the handler exactly as Lambda builds it, from its environment (its one HTTP client).
        InstancesHandler handler = client.equals("lambda-jar") ? new InstancesHandler(ApiRoot.fromEnvironment(env))
                : new InstancesHandler(HttpClients.apiRoot(env, HttpClients.dynamo(client, args[1])));
        String event = "{\"version\":\"2.0\",\"routeKey\":\"GET /api/v1/instances/{id}\",\"rawPath\":\"/api/v1/instances/" + args[3]
                + "\",\"headers\":{\"authorization\":\"Bearer " + args[4] + "\"},\"pathParameters\":{\"id\":\"" + args[3]
                + "\"},\"requestContext\":{\"requestId\":\"cold\",\"http\":{\"method\":\"GET\"}},\"isBase64Encoded\":false}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        String response = out.toString(StandardCharsets.UTF_8);
        if (!response.contains("\"statusCode\":200")) {
            System.err.println("unexpected response: " + response);
            System.exit(1);
        }
        System.exit(0);
    }
}
