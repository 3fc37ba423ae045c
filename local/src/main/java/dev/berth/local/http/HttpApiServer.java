package dev.berth.local.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.berth.local.Component;
import dev.berth.local.lambda.FunctionFailedException;
import dev.berth.local.lambda.LocalFunction;
import dev.berth.local.lambda.LocalFunctions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The local HTTP API: each request becomes the payload-2.0 event API Gateway would send, goes to
 * the function of its route, and the function's proxy response goes back to the client. Errors of
 * the gateway itself (no route, body over 10 MB, a failing function) are answered here.
 */
public final class HttpApiServer implements Component {
    /** API Gateway's payload limit for HTTP APIs. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    private static final String INTERNAL_ERROR = "{\"message\":\"Internal Server Error\"}";
    private static final long DRAIN_MILLIS = 5000;
    private static final long DRAIN_LIMIT_BYTES = 256L * 1024 * 1024;

    private final InetSocketAddress address;
    private final RouteTable routes;
    private final LocalFunctions functions;
    private final int threads;
    private final ApiGatewayV2Events events;
    private final LambdaProxyResponses responses;
    private final ObjectMapper json;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;
    private volatile HttpHandler fallback;
    private final Map<String, Consumer<byte[]>> taps = new ConcurrentHashMap<>();
    private volatile Runnable everyRequest = () -> { };
    private HttpServer server;
    private volatile int boundPort;
    private boolean serving;
    private ExecutorService pool;

    public HttpApiServer(InetSocketAddress address, RouteTable routes, LocalFunctions functions, int threads) {
        this.address = address;
        this.routes = routes;
        this.functions = functions;
        this.threads = threads;
        this.json = dev.berth.core.json.Json.MAPPER;
        this.events = new ApiGatewayV2Events(json);
        this.responses = new LambdaProxyResponses(json);
    }

    public RouteTable routes() {
        return routes;
    }

    /** Serves requests that no route matches (e.g. a web console's files) instead of a 404. */
    public void fallback(HttpHandler handler) {
        this.fallback = handler;
    }

    /**
     * Shows the body of each request of a route to {@code tap} before its function gets it (the
     * local GitHub learns pull requests from the webhooks delivered here, as GitHub knows them).
     */
    public void tap(String routeKey, Consumer<byte[]> tap) {
        taps.put(routeKey, tap);
    }

    /** Runs {@code counter} for every request that reaches a function (the usage records count them as API Gateway would). */
    public void onEveryRequest(Runnable counter) {
        everyRequest = counter;
    }

    /** Takes the port now, so that a busy port fails before anything else starts. */
    public synchronized void bind() throws IOException {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(address, 128);
        } catch (BindException e) {
            throw new BindException("Port " + address.getPort() + " on " + address.getHostString()
                    + " is already in use (choose another with --port)");
        }
        server.createContext("/", this::handle);
        boundPort = server.getAddress().getPort();
    }

    /** The port taken by {@link #bind()} (the actual one when 0 was asked for). */
    public int port() {
        return boundPort;
    }

    public URI baseUrl() {
        return URI.create("http://localhost:" + port());
    }

    @Override
    public String name() {
        return "HTTP API";
    }

    @Override
    public synchronized void start() throws IOException {
        bind();
        AtomicInteger counter = new AtomicInteger();
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "berth-http-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.start();
        serving = true;
    }

    /** New requests get 503; those in flight may finish (up to a few seconds); then the port closes. */
    @Override
    public synchronized void stop() throws InterruptedException {
        if (server == null) {
            return;
        }
        stopping = true;
        long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
        while (inFlight.get() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        if (!serving) {
            // A bound but never started HttpServer keeps its port until its dispatcher has run once.
            server.start();
        }
        server.stop(0);
        server = null;
        serving = false;
        if (pool != null) {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.SECONDS);
            pool = null;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = Optional.ofNullable(exchange.getRequestURI().getRawPath()).filter(p -> !p.isEmpty()).orElse("/");
        String target = "-";
        int status = 500;
        inFlight.incrementAndGet();
        try {
            if (stopping) {
                status = 503;
                send(exchange, method, HttpResult.jsonError(503, "unavailable", "The local runtime is shutting down"));
                return;
            }
            Optional<RouteMatch> match = routes.match(method, rawPath);
            if (match.isEmpty() && method.equals("HEAD")) {
                match = routes.match("GET", rawPath); // answered like GET, without the body (send drops it)
            }
            List<String> allowed = match.isEmpty() ? routes.methodsFor(rawPath) : List.of();
            if (!allowed.isEmpty()) {
                status = 405;
                List<String> allow = new java.util.ArrayList<>(allowed);
                if (allow.contains("GET")) {
                    allow.add("HEAD");
                }
                HttpResult refused = HttpResult.jsonError(405, "method_not_allowed", method + " is not allowed on " + rawPath
                        + "; allowed: " + String.join(", ", allow));
                send(exchange, method, refused.withHeader("Allow", String.join(", ", allow)));
                return;
            }
            if (match.isEmpty() && fallback != null) {
                target = "fallback";
                fallback.handle(exchange);
                status = exchange.getResponseCode();
                return;
            }
            if (match.isEmpty()) {
                status = 404;
                send(exchange, method, HttpResult.jsonError(404, "not_found", "No route for " + method + " " + rawPath));
                return;
            }
            RouteMatch m = match.get();
            target = m.route().functionName();
            LocalFunction function = functions.get(target);
            if (!function.isAvailable()) {
                status = 503;
                send(exchange, method, HttpResult.jsonError(503, "function_unavailable", "Function " + target
                        + " is not available locally: " + function.unavailableReason()));
                return;
            }
            byte[] body = readBody(exchange);
            if (body == null) {
                status = 413;
                send(exchange, method, HttpResult.jsonError(413, "payload_too_large",
                        "Request Entity Too Large: the body exceeds the HTTP API limit of " + MAX_BODY_BYTES + " bytes"));
                return;
            }
            everyRequest.run();
            Consumer<byte[]> tap = taps.get(m.route().routeKey());
            if (tap != null) {
                tap.accept(body);
            }
            HttpResult result = invoke(exchange, method, rawPath, body, m, function);
            status = result.status();
            send(exchange, method, result);
        } catch (IOException e) {
            // Usually the client went away (timed out, closed): one line is enough.
            System.err.println("berth local: " + method + " " + rawPath + ": could not answer: " + e.getMessage());
        } catch (RuntimeException e) {
            System.err.println("berth local: " + method + " " + rawPath + " failed in the runtime: " + e);
            e.printStackTrace();
            try {
                send(exchange, method, HttpResult.json(500, INTERNAL_ERROR));
            } catch (IOException | RuntimeException ignored) {
                // headers were already sent
            }
        } finally {
            exchange.close();
            inFlight.decrementAndGet();
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.println(method + " " + rawPath + " " + status + " " + millis + " ms (" + target + ")");
        }
    }

    private HttpResult invoke(HttpExchange exchange, String method, String rawPath, byte[] body, RouteMatch match,
                              LocalFunction function) {
        String requestId = ApiGatewayV2Events.newRequestId();
        IncomingRequest request = new IncomingRequest(method, rawPath,
                Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse(""),
                exchange.getProtocol(), headers(exchange), body,
                exchange.getRemoteAddress().getAddress().getHostAddress(),
                domainName(exchange.getRequestHeaders().getFirst("Host")), requestId, Instant.now());
        try {
            byte[] event = json.writeValueAsBytes(events.build(request, match));
            byte[] output = function.invoke(event, requestId);
            return responses.toHttp(output);
        } catch (FunctionFailedException e) {
            System.err.println("berth local: " + e.getMessage());
            e.getCause().printStackTrace();
        } catch (LambdaProxyResponses.MalformedResponseException e) {
            System.err.println("berth local: " + match.route().functionName() + " returned a malformed response to "
                    + match.route().routeKey() + " (request " + requestId + "): " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            System.err.println("berth local: " + match.route().functionName() + " could not be invoked (request " + requestId + ")");
            e.printStackTrace();
        }
        return HttpResult.json(500, INTERNAL_ERROR);
    }

    /** The request's headers as sent, plus the X-Forwarded-* headers API Gateway adds. */
    private List<Map.Entry<String, String>> headers(HttpExchange exchange) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        Headers headers = exchange.getRequestHeaders();
        headers.forEach((name, values) -> values.forEach(v -> out.add(Map.entry(name, v))));
        if (!headers.containsKey("X-forwarded-for")) {
            out.add(Map.entry("x-forwarded-for", exchange.getRemoteAddress().getAddress().getHostAddress()));
        }
        if (!headers.containsKey("X-forwarded-port")) {
            out.add(Map.entry("x-forwarded-port", Integer.toString(exchange.getLocalAddress().getPort())));
        }
        if (!headers.containsKey("X-forwarded-proto")) {
            out.add(Map.entry("x-forwarded-proto", "http"));
        }
        return out;
    }

    private static String domainName(String host) {
        if (host == null || host.isBlank()) {
            return "localhost";
        }
        if (host.startsWith("[")) {
            return host.substring(0, host.indexOf(']') + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /**
     * The body, or null when it exceeds the limit. An oversized body is read and dropped (up to a
     * bound) before the 413 goes out: closing a socket with unread data resets the connection,
     * and the client would see that instead of the answer.
     */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length <= MAX_BODY_BYTES) {
                return body;
            }
            long dropped = 0;
            byte[] buffer = new byte[64 * 1024];
            for (int n; dropped < DRAIN_LIMIT_BYTES && (n = in.read(buffer)) > 0; ) {
                dropped += n;
            }
            return null;
        }
    }

    private static void send(HttpExchange exchange, String method, HttpResult result) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        for (Map.Entry<String, String> h : result.headers()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!name.equals("content-length") && !name.equals("transfer-encoding")) {
                headers.add(h.getKey(), h.getValue());
            }
        }
        boolean noBody = method.equals("HEAD") || result.status() == 204 || result.status() == 304 || result.body().length == 0;
        // -1 means "no body" to HttpServer; 0 would mean chunked.
        exchange.sendResponseHeaders(result.status(), noBody ? -1 : result.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(result.body());
            }
        }
    }
}
