package dev.berth.local.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The web console's static files, served by the local runtime at {@code /} (on AWS they are in S3
 * behind CloudFront). Paths outside the console folder are refused; the console routes with
 * {@code #}, so every page is {@code index.html}.
 */
public final class ConsoleFiles implements HttpHandler {
    private static final Map<String, String> TYPES = Map.of(".html", "text/html; charset=utf-8", ".js", "text/javascript; charset=utf-8",
            ".css", "text/css; charset=utf-8", ".svg", "image/svg+xml", ".png", "image/png", ".ico", "image/x-icon");
    private final Path root;

    public ConsoleFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Path file = root.resolve(path.equals("/") ? "index.html" : path.substring(1)).normalize();
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                send(exchange, 405, "text/plain", "method not allowed\n".getBytes());
                return;
            }
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                send(exchange, 404, "text/plain", "not found\n".getBytes());
                return;
            }
            String name = file.getFileName().toString();
            String type = TYPES.getOrDefault(name.substring(Math.max(0, name.lastIndexOf('.'))), "application/octet-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; connect-src 'self'");
            send(exchange, 200, type, exchange.getRequestMethod().equals("HEAD") ? null : Files.readAllBytes(file));
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
