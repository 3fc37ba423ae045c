package dev.berth.localcloud;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.core.port.LoadBalancer;
import dev.berth.core.port.routing.ApplyReport;
import dev.berth.core.port.routing.Backend;
import dev.berth.core.port.routing.InstanceRoutes;
import dev.berth.core.port.routing.PreviewRoute;
import dev.berth.core.port.routing.Redirect;
import dev.berth.core.port.routing.RoutingTable;
import dev.berth.core.port.routing.TlsBundle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
    /** The address the load balancer reaches backends from; the local VMs' firewall admits it. */
    public static final InetAddress SOURCE_ADDRESS = loopback(2);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
            "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect");

    private sealed interface Route permits SiteRoute, PreviewHost {
    }

    private record SiteRoute(InstanceRoutes instance) implements Route {
    }

    private record PreviewHost(PreviewRoute preview) implements Route {
    }

    private final HttpServer server;
    private final LocalTls tls = new LocalTls();
    private com.sun.net.httpserver.HttpsServer httpsServer;
    private final AtomicLong roundRobin = new AtomicLong();
    private volatile Map<String, Route> routes = Map.of();
    private volatile List<Redirect> redirects = List.of();

    public LocalLoadBalancer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    private static InetAddress loopback(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Serves HTTPS too, on {@code tlsPort} (0: any), with the certificates installed (the first
     * ones given here), chosen by the name the client asks for. HTTP stays served as it was.
     */
    public synchronized void serveHttps(int tlsPort, List<TlsBundle> initial) throws IOException {
        installCertificates(initial);
        httpsServer = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), tlsPort), 0);
        httpsServer.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls.context()));
        httpsServer.setExecutor(Executors.newFixedThreadPool(4));
        httpsServer.createContext("/", this::handle);
        httpsServer.start();
    }

    /** The HTTPS port, once {@link #serveHttps} started it; else 0. */
    public synchronized int tlsPort() {
        return httpsServer == null ? 0 : httpsServer.getAddress().getPort();
    }

    /** A host no installed certificate names gets one from {@code issuer} at its first handshake (the laptop's convenience). */
    public void issueOnDemand(java.util.function.Function<String, TlsBundle> issuer) {
        tls.issueOnDemand(issuer);
    }

    /** Replaces the certificates at once: the next handshake uses the new ones. */
    @Override
    public void installCertificates(List<TlsBundle> bundles) {
        tls.install(bundles);
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
        List<Redirect> usable = new ArrayList<>();
        for (Redirect redirect : table.redirects()) {
            if (redirect.problem() == null) {
                usable.add(redirect);
            } else {
                skipped.put(redirect.id(), redirect.problem());
            }
        }
        redirects = List.copyOf(usable);
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
            return upstream(backend, "GET", path, List.of(Map.entry("Host", host)), new byte[0]).status();
        } catch (IOException e) {
            return 502;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        synchronized (this) {
            if (httpsServer != null) {
                httpsServer.stop(0);
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String host = normalize(exchange.getRequestHeaders().getFirst("Host"));
            String path = exchange.getRequestURI().getRawPath();
            for (Redirect redirect : redirects) {
                if (redirect.matches(host, path)) {
                    exchange.getResponseHeaders().set("Location", redirect.destination());
                    exchange.sendResponseHeaders(redirect.code(), -1);
                    return;
                }
            }
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
        String target = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Host", exchange.getRequestHeaders().getFirst("Host")));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase("authorization")) {
                values.forEach(value -> headers.add(Map.entry(name, value)));
            }
        });
        headers.add(Map.entry("X-Forwarded-For", exchange.getRemoteAddress().getAddress().getHostAddress()));
        headers.add(Map.entry("X-Forwarded-Host", host));
        headers.add(Map.entry("X-Forwarded-Proto", "http"));
        Upstream response;
        try {
            response = upstream(backend, exchange.getRequestMethod(), target, headers, body);
        } catch (IOException e) {
            page(exchange, 502, "Bad gateway", "The app server did not answer.");
            return;
        }
        response.headers().forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().add(header.getKey(), header.getValue());
            }
        });
        byte[] out = response.body();
        boolean noBody = exchange.getRequestMethod().equals("HEAD") || out.length == 0;
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : out.length);
        if (!noBody) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    private record Upstream(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    }

    /**
     * One request to a backend from the load balancer's own address, {@link #SOURCE_ADDRESS}: the
     * local VMs' web servers admit nobody else, as the cloud's security group admits only the
     * load balancer. (Plain sockets: the JDK 17 HTTP client cannot choose its source address.)
     */
    private static Upstream upstream(Backend backend, String method, String target, List<Map.Entry<String, String>> headers, byte[] body)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(SOURCE_ADDRESS, 0));
            socket.connect(new InetSocketAddress(backend.host(), backend.port()), 5000);
            socket.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            headers.forEach(h -> head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
            head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            String statusLine = line(in);
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            List<Map.Entry<String, String>> answer = new ArrayList<>();
            long length = -1;
            boolean chunked = false;
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("transfer-encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                }
                answer.add(Map.entry(name, value));
            }
            byte[] content;
            if (method.equals("HEAD") || status == 204 || status == 304) {
                content = new byte[0];
            } else if (chunked) {
                java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0; size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                    all.write(in.readNBytes(size));
                    line(in);
                }
                content = all.toByteArray();
            } else {
                content = length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
            }
            return new Upstream(status, answer, content);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IOException("a malformed HTTP answer from " + backend.host() + ":" + backend.port(), e);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the backend closed the connection mid-answer");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
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
