package dev.berth.aws.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.berth.core.json.Json;
import dev.berth.core.port.SecretStore;
import dev.berth.core.repository.SecretStoreContract;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The SSM adapter against a stand-in answering SSM's JSON 1.1 protocol as its API reference
 * describes (PutParameter with Overwrite, GetParameter, DeleteParameter, GetParametersByPath and
 * the ParameterAlreadyExists / ParameterNotFound errors), holding parameters in memory.
 */
class SsmSecretStoreTest extends SecretStoreContract {
    private HttpServer server;

    @Override
    protected SecretStore store() {
        Map<String, String> parameters = new TreeMap<>();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode request = Json.MAPPER.readTree(exchange.getRequestBody());
            ObjectNode answer = Json.MAPPER.createObjectNode();
            int status = 200;
            String name = request.path("Name").asText();
            switch (target) {
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
            byte[] body = answer.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        SsmClient client = SsmClient.builder().httpClient(ApacheHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build();
        return new SsmSecretStore(client, "/berth/test/secrets");
    }

    @AfterEach
    void stopStub() {
        if (server != null) {
            server.stop(0);
        }
    }
}
