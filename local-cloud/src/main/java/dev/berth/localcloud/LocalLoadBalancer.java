package dev.berth.localcloud;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.core.port.LoadBalancer;
import dev.berth.core.port.routing.ApplyReport;
import dev.berth.core.port.routing.Backend;
import dev.berth.core.port.routing.InstanceRoutes;
import dev.berth.core.port.routing.PreviewRoute;
import dev.berth.core.port.routing.RoutingTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local load balancer: an in-process reverse proxy (by default on port 8081) that routes by
 * Host to the active local VMs' web servers, with the same rules as the HAProxy configuration:
 * the "being set up" page for an instance without an active app server, basic auth on preview
 * hosts, 404 for unknown hosts.
 */
public final class LocalLoadBalancer implements LoadBalancer, AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
            "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect");

    private sealed interface Route permits SiteRoute, PreviewHost {
    }

    private record SiteRoute(InstanceRoutes instance) implements Route {
    }

    private record PreviewHost(PreviewRoute preview) implements Route {
    }

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final AtomicLong roundRobin = new AtomicLong();
    private volatile Map<String, Route> routes = Map.of();

    public LocalLoadBalancer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public ApplyReport apply(RoutingTable table) {
        Map<String, Route> next = new HashMap<>();
        List<String> applied = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (InstanceRoutes instance : table.instances()) {
            String clash = instance.domains().stream().map(LocalLoadBalancer::normalize).filter(next::containsKey).findFirst().orElse(null);
            if (clash != null) {
                skipped.put(instance.instanceId(), "its domain " + clash + " is already routed to another instance");
                continue;
            }
            instance.domains().forEach(domain -> next.put(normalize(domain), new SiteRoute(instance)));
            instance.previews().forEach(preview -> next.put(normalize(preview.host()), new PreviewHost(preview)));
            applied.add(instance.instanceId());
        }
        routes = Map.copyOf(next); // one atomic switch: a request sees the old table or the new one
        return new ApplyReport(applied, skipped);
    }

    @Override
    public int probe(String host, String path) {
        Route route = routes.get(normalize(host));
        if (route == null) {
            return 404;
        }
        Backend backend;
        if (route instanceof PreviewHost preview) {
            backend = preview.preview().backend();
        } else {
            List<Backend> active = ((SiteRoute) route).instance().activeBackends();
            backend = active.isEmpty() ? null : pick(active);
        }
        if (backend == null) {
            return 503;
        }
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://" + backend.host() + ":" + backend.port() + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 502;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 502;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String host = normalize(exchange.getRequestHeaders().getFirst("Host"));
            Route route = routes.get(host);
            if (route == null) {
                page(exchange, 404, "No site here", "Nothing is served at <code>" + escape(host) + "</code>.");
                return;
            }
            Backend backend;
            if (route instanceof PreviewHost preview) {
                if (!authorized(exchange, preview.preview())) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Preview of " + preview.preview().appServerId() + "\"");
                    page(exchange, 401, "Preview", "This preview link needs its user name and password.");
                    return;
                }
                backend = preview.preview().backend();
            } else {
                InstanceRoutes instance = ((SiteRoute) route).instance();
                if (instance.activeBackends().isEmpty()) {
                    page(exchange, 503, escape(instance.name()) + " is being set up",
                            "<b>" + escape(instance.name()) + "</b> is being set up. Please come back in a little while.");
                    return;
                }
                backend = pick(instance.activeBackends());
            }
            forward(exchange, backend, host);
        }
    }

    private void forward(HttpExchange exchange, Backend backend, String host) throws IOException {
        URI target = URI.create("http://" + backend.host() + ":" + backend.port() + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase("authorization")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        request.header("X-Forwarded-For", exchange.getRemoteAddress().getAddress().getHostAddress());
        request.header("X-Forwarded-Host", host);
        request.header("X-Forwarded-Proto", "http");
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            page(exchange, 502, "Bad gateway", "The app server did not answer.");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            page(exchange, 502, "Bad gateway", "Interrupted.");
            return;
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.equals(":status")) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value));
            }
        });
        byte[] out = response.body();
        boolean noBody = exchange.getRequestMethod().equals("HEAD") || out.length == 0;
        exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : out.length);
        if (!noBody) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    private Backend pick(List<Backend> backends) {
        return backends.get((int) (roundRobin.getAndIncrement() % backends.size()));
    }

    private static boolean authorized(HttpExchange exchange, PreviewRoute preview) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] expected = (preview.username() + ":" + preview.password()).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected);
    }

    private static void page(HttpExchange exchange, int status, String title, String html) throws IOException {
        byte[] body = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body><h1>"
                + title + "</h1><p>" + html + "</p></body></html>\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String normalize(String host) {
        if (host == null) {
            return "";
        }
        String lower = host.trim().toLowerCase(Locale.ROOT);
        int colon = lower.lastIndexOf(':');
        return colon > 0 && !lower.endsWith("]") ? lower.substring(0, colon) : lower;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
