package dev.berth.localcloud;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * A local VM's web server: serves its {@code www/} folder on a loopback port. Until the
 * deployment has written {@code www/index.html} it answers 503, like a VM whose application is
 * not up yet. Like a cloud VM behind Berth's security group, it answers only the load balancer
 * and the VM itself.
 */
final class VmWebServer {
    private final HttpServer server;
    private final Path www;
    private final Predicate<InetAddress> admitted;

    VmWebServer(Path vmDirectory, String address, int port, Predicate<InetAddress> admitted) throws IOException {
        this.www = vmDirectory.resolve("www").toAbsolutePath().normalize();
        this.admitted = admitted;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            InetAddress from = exchange.getRemoteAddress().getAddress();
            if (!admitted.test(from)) {
                // A cloud's security group would drop the packets; a clear answer helps whoever tries locally.
                send(exchange, 403, "text/plain", ("The local cloud's firewall admits only the load balancer here, not "
                        + from.getHostAddress() + "\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            Path file = www.resolve(path.equals("/") ? "index.html" : path.substring(1)).normalize();
            if (Files.isDirectory(file)) {
                file = file.resolve("index.html"); // a folder (a Drupal site's linked path) answers with its index
            }
            if (!file.startsWith(www)) {
                send(exchange, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
            } else if (!Files.exists(www.resolve("index.html"))) {
                send(exchange, 503, "text/plain", "the application is not deployed yet\n".getBytes(StandardCharsets.UTF_8));
            } else if (Files.isRegularFile(file)) {
                String type = file.toString().endsWith(".html") ? "text/html; charset=utf-8" : "text/plain; charset=utf-8";
                send(exchange, 200, type, exchange.getRequestMethod().equals("HEAD") ? null : Files.readAllBytes(file));
            } else {
                send(exchange, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body == null ? -1 : body.length);
        if (body != null) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
