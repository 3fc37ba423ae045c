package dev.berth.local.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleFilesTest {
    @Test
    void servesTheConsoleAndNothingOutsideIt(@TempDir Path dir) throws Exception {
        Path console = Files.createDirectories(dir.resolve("console"));
        Files.writeString(console.resolve("index.html"), "<h1>console</h1>");
        Files.writeString(console.resolve("app.js"), "export {}");
        Files.writeString(dir.resolve("secret.txt"), "no");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", new ConsoleFiles(console));
        server.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            HttpResponse<String> index = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, index.statusCode());
            assertEquals("text/html; charset=utf-8", index.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("<h1>console</h1>", index.body());
            assertEquals("text/javascript; charset=utf-8", http.send(HttpRequest.newBuilder(URI.create(base + "/app.js")).build(),
                    HttpResponse.BodyHandlers.ofString()).headers().firstValue("Content-Type").orElseThrow());
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(base + "/nope.js")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort())) {
                socket.getOutputStream().write("GET /../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(response.startsWith("HTTP/1.1 404") || response.startsWith("HTTP/1.1 400"), response);
            }
        } finally {
            server.stop(0);
        }
    }
}
