package dev.berth.aws.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.berth.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A stand-in for SSM Parameter Store answering its JSON 1.1 protocol as its API reference describes
 * (PutParameter with Overwrite, GetParameter, DeleteParameter, GetParametersByPath and the
 * ParameterAlreadyExists / ParameterNotFound errors), holding SecureString parameters in memory.
 */
public final class SsmStandIn implements AutoCloseable {
    private final Map<String, String> parameters = new ConcurrentSkipListMap<>();
    private final HttpServer server;

    public SsmStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode request = Json.MAPPER.readTree(exchange.getRequestBody());
            ObjectNode answer = Json.MAPPER.createObjectNode();
            int status = 200;
            String name = request.path("Name").asText();
            switch (String.valueOf(target)) {
                case "AmazonSSM.PutParameter" -> {
                    if (parameters.containsKey(name) && !request.path("Overwrite").asBoolean(false)) {
                        status = 400;
                        answer.put("__type", "ParameterAlreadyExists").put("message", "The parameter already exists.");
                    } else if (!"SecureString".equals(request.path("Type").asText())) {
                        status = 400;
                        answer.put("__type", "ValidationException").put("message", "secrets are SecureStrings");
                    } else {
                        parameters.put(name, request.path("Value").asText());
                        answer.put("Version", 1).put("Tier", request.path("Tier").asText("Standard"));
                    }
                }
                case "AmazonSSM.GetParameter" -> {
                    if (!parameters.containsKey(name)) {
                        status = 400;
                        answer.put("__type", "ParameterNotFound");
                    } else {
                        answer.putObject("Parameter").put("Name", name).put("Type", "SecureString").put("Value", parameters.get(name));
                    }
                }
                case "AmazonSSM.DeleteParameter" -> {
                    if (parameters.remove(name) == null) {
                        status = 400;
                        answer.put("__type", "ParameterNotFound");
                    }
                }
                case "AmazonSSM.GetParametersByPath" -> {
                    String path = request.path("Path").asText();
                    ArrayNode list = answer.putArray("Parameters");
                    parameters.keySet().stream().filter(n -> n.startsWith(path + "/"))
                            .forEach(n -> list.addObject().put("Name", n).put("Type", "SecureString").put("Value", "(encrypted)"));
                }
                default -> {
                    status = 400;
                    answer.put("__type", "InvalidAction");
                }
            }
            byte[] body = answer.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** For {@code BERTH_SSM_ENDPOINT} or a client's endpoint override. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
