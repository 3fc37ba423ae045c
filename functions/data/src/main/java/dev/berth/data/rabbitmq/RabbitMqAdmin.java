package dev.berth.data.rabbitmq;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.data.DataNames;
import dev.berth.core.data.DataPlacement;
import dev.berth.core.data.DataServer;
import dev.berth.core.data.DataServerFailure;
import dev.berth.core.json.Json;
import dev.berth.core.port.DataServerAdmin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * RabbitMQ through its management HTTP API (the server's {@code adminPort}): a vhost per
 * instance and a user with every permission on it. The vhost's definitions (queues, exchanges,
 * bindings, not messages) are its dump.
 */
public final class RabbitMqAdmin implements DataServerAdmin {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build(); // the management API closes HTTP/2 upgrade attempts

    @Override
    public void ensure(DataServer server, String adminPassword, DataPlacement placement, String password) {
        String vhost = vhost(placement);
        String user = DataNames.identifier(placement.user());
        call(server, adminPassword, "PUT", "/api/vhosts/" + encode(vhost), "{}", "could not create the vhost " + vhost);
        ObjectNode body = Json.MAPPER.createObjectNode().put("password", password).put("tags", "");
        call(server, adminPassword, "PUT", "/api/users/" + encode(user), body.toString(), "could not create the user " + user);
        call(server, adminPassword, "PUT", "/api/permissions/" + encode(vhost) + "/" + encode(user),
                "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}", "could not give " + user + " the vhost " + vhost);
    }

    @Override
    public void dropUser(DataServer server, String adminPassword, DataPlacement placement, String user) {
        call(server, adminPassword, "DELETE", "/api/users/" + encode(DataNames.identifier(user)), null, "could not delete the user " + user);
    }

    @Override
    public void drop(DataServer server, String adminPassword, DataPlacement placement) {
        call(server, adminPassword, "DELETE", "/api/vhosts/" + encode(vhost(placement)), null, "could not delete the vhost " + vhost(placement));
        dropUser(server, adminPassword, placement, placement.user());
        if (placement.retiringUser() != null) {
            dropUser(server, adminPassword, placement, placement.retiringUser());
        }
    }

    @Override
    public void dump(DataServer server, String adminPassword, DataPlacement placement, OutputStream out) {
        String definitions = call(server, adminPassword, "GET", "/api/definitions/" + encode(vhost(placement)), null, "could not read the definitions");
        try {
            out.write(definitions.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void restore(DataServer server, String adminPassword, DataPlacement placement, InputStream in) {
        try {
            call(server, adminPassword, "POST", "/api/definitions/" + encode(vhost(placement)), new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "could not load the definitions");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One management API call; 404 on a DELETE is fine (already gone). */
    private String call(DataServer server, String adminPassword, String method, String path, String body, String what) {
        String scheme = server.adminPort() == 443 || server.adminPort() == 15671 ? "https" : "http";
        HttpRequest request = HttpRequest.newBuilder(URI.create(scheme + "://" + server.host() + ":" + server.adminPort() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (server.adminUser() + ":" + adminPassword).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2 || method.equals("DELETE") && response.statusCode() == 404) {
                return response.body();
            }
            throw new DataServerFailure(server, what + ": the management API answered " + response.statusCode(), null);
        } catch (IOException e) {
            throw new DataServerFailure(server, what + ": " + (e instanceof java.net.ConnectException ? "connection refused" : e.toString()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataServerFailure(server, what + ": interrupted", e);
        }
    }

    private static String vhost(DataPlacement placement) {
        return DataNames.identifier(placement.databases().get(0));
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
