package dev.berth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/** The HTTP API (docs/api.md) through the JDK's HttpClient: JSON in and out, errors as {@link ApiException}. */
public final class Api {
    public static final String MERGE_PATCH = "application/merge-patch+json";
    private final Cli cli;
    private final String base;
    private final String token;

    /** What the API answered: status, ETag and the JSON body (null when empty or not JSON). */
    public record Response(int status, String etag, JsonNode body, String text) {
    }

    public Api(Cli cli, String baseUrl, String token) {
        this.cli = cli;
        this.base = baseUrl.replaceAll("/+$", "");
        this.token = token;
    }

    public String baseUrl() {
        return base;
    }

    public Response get(String path) {
        return send("GET", path, null, null, null);
    }

    public Response post(String path, JsonNode body) {
        return send("POST", path, body, body == null ? null : "application/json", null);
    }

    /** Sends a request; a status of 400 or more is thrown as {@link ApiException}. */
    public Response send(String method, String path, JsonNode body, String contentType, String ifMatch) {
        Response response = exchange(method, path, body, contentType, ifMatch);
        if (response.status() >= 400) {
            throw ApiException.from(response, method, base + path);
        }
        return response;
    }

    /** A GET of another representation ({@code text/csv}...); errors are thrown as by {@link #send}. */
    public Response download(String path, String accept) {
        Response response = exchange("GET", path, null, null, null, accept);
        if (response.status() >= 400) {
            throw ApiException.from(response, "GET", base + path);
        }
        return response;
    }

    /** Sends a request and returns whatever came back. */
    public Response exchange(String method, String path, JsonNode body, String contentType, String ifMatch) {
        return exchange(method, path, body, contentType, ifMatch, "application/json");
    }

    private Response exchange(String method, String path, JsonNode body, String contentType, String ifMatch, String accept) {
        String url = base + path;
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create(url));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "not a valid API URL: " + base + " (" + e.getMessage() + ")");
        }
        builder.timeout(Duration.ofSeconds(120)).header("Accept", accept)
                .header("User-Agent", "berth-cli/" + Berth.VERSION)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Json.compact(body), StandardCharsets.UTF_8));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (ifMatch != null) {
            builder.header("If-Match", ifMatch);
        }
        HttpRequest request = builder.build();
        cli.beforeSend().accept(request);
        HttpResponse<String> response;
        try {
            response = cli.http().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new CliException(ExitCode.FAILURE, "cannot reach the API at " + base + " (connection refused): is it running? (--api, BERTH_API_URL)");
        } catch (HttpTimeoutException e) {
            throw new CliException(ExitCode.FAILURE, "the API at " + base + " did not answer " + method + " " + path + " in time");
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot reach the API at " + base + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.FAILURE, "interrupted");
        }
        String text = response.body() == null ? "" : response.body();
        JsonNode json = null;
        if (!text.isBlank()) {
            try {
                json = Json.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                json = null;
            }
        }
        return new Response(response.statusCode(), response.headers().firstValue("ETag").orElse(null), json, text);
    }

    /** One path segment, encoded. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code ?a=1&b=2} from the non-null values, or "" when there are none. */
    public static String query(Map<String, String> parameters) {
        StringJoiner joined = new StringJoiner("&", "?", "");
        joined.setEmptyValue("");
        parameters.forEach((name, value) -> {
            if (value != null) {
                joined.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return joined.toString();
    }
}
