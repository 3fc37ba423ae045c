package dev.berth.github.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.port.GitHub;
import dev.berth.core.port.compute.CloudException;
import dev.berth.core.port.github.PullRequestInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link GitHub} over the REST API (api.github.com or GitHub Enterprise), with a token. */
public final class GitHubRestClient implements GitHub {
    private static final ObjectMapper JSON = dev.berth.core.json.Json.MAPPER;
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String token;

    public GitHubRestClient(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    public static GitHubRestClient fromEnvironment(Map<String, String> env) {
        return new GitHubRestClient(env.getOrDefault("BERTH_GITHUB_API_URL", "https://api.github.com"), env.get("BERTH_GITHUB_TOKEN"));
    }

    @Override
    public PullRequestInfo pullRequest(String repository, int number) {
        return pullRequest(repository, send("GET", "/repos/" + repository + "/pulls/" + number, null).body());
    }

    @Override
    public List<PullRequestInfo> openPullRequests(String repository) {
        List<PullRequestInfo> out = new ArrayList<>();
        pages("/repos/" + repository + "/pulls?state=open&per_page=100").forEach(pr -> out.add(pullRequest(repository, pr)));
        return out;
    }

    @Override
    public void reportStatus(String repository, String sha, String state, String targetUrl, String description) {
        ObjectNode body = JSON.createObjectNode();
        body.put("state", state);
        if (targetUrl != null) {
            body.put("target_url", targetUrl);
        }
        body.put("description", description.length() > 140 ? description.substring(0, 139) + "…" : description);
        body.put("context", "berth/sandbox");
        send("POST", "/repos/" + repository + "/statuses/" + sha, body);
    }

    @Override
    public boolean isMember(String organization, String team, String login) {
        String path = team == null ? "/orgs/" + organization + "/members/" + login
                : "/orgs/" + organization + "/teams/" + team + "/memberships/" + login;
        Response response = send("GET", path, null, true);
        if (response.status() == 404 || response.status() == 302) {
            return false;
        }
        return team == null ? response.status() == 204 : "active".equals(response.body().path("state").asText());
    }

    @Override
    public List<String> memberKeys(String organization, String team) {
        String members = team == null ? "/orgs/" + organization + "/members?per_page=100"
                : "/orgs/" + organization + "/teams/" + team + "/members?per_page=100";
        TreeSet<String> logins = new TreeSet<>();
        pages(members).forEach(m -> logins.add(m.path("login").asText()));
        List<String> lines = new ArrayList<>();
        TreeSet<String> seen = new TreeSet<>();
        for (String login : logins) {
            for (JsonNode key : send("GET", "/users/" + login + "/keys", null).body()) {
                String text = key.path("key").asText().trim();
                if (!text.isEmpty() && seen.add(text)) {
                    lines.add(text + " " + login + "@github");
                }
            }
        }
        return lines;
    }

    private List<JsonNode> pages(String firstPath) {
        List<JsonNode> items = new ArrayList<>();
        String url = baseUrl + firstPath;
        while (url != null) {
            Response response = sendUrl("GET", url, null, false);
            response.body().forEach(items::add);
            url = response.next().orElse(null);
        }
        return items;
    }

    private static PullRequestInfo pullRequest(String repository, JsonNode pr) {
        List<String> labels = new ArrayList<>();
        pr.path("labels").forEach(l -> labels.add(l.path("name").asText()));
        return new PullRequestInfo(repository, pr.path("number").asInt(), pr.path("state").asText(), pr.path("draft").asBoolean(false),
                pr.path("merged").asBoolean(false), pr.path("head").path("sha").asText(),
                pr.path("head").path("repo").path("full_name").asText(null), pr.path("body").isNull() ? null : pr.path("body").asText(null),
                pr.path("user").path("login").asText(), pr.path("author_association").asText("NONE"), labels, pr.path("html_url").asText(null));
    }

    private record Response(int status, JsonNode body, Optional<String> next) {
    }

    private Response send(String method, String path, JsonNode body) {
        return send(method, path, body, false);
    }

    private Response send(String method, String path, JsonNode body, boolean notFoundIsAnswer) {
        return sendUrl(method, baseUrl + path, body, notFoundIsAnswer);
    }

    private Response sendUrl(String method, String url, JsonNode body, boolean notFoundIsAnswer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "berth")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CloudException.Transient("GitHub did not answer " + method + " " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException.Transient("Interrupted while calling GitHub", e);
        }
        int status = response.statusCode();
        boolean rateLimited = (status == 403 || status == 429) && (response.headers().firstValue("Retry-After").isPresent()
                || "0".equals(response.headers().firstValue("X-RateLimit-Remaining").orElse(null)));
        if (rateLimited || status >= 500) {
            throw new CloudException.Transient("GitHub answered " + status + " to " + method + " " + url
                    + (rateLimited ? " (rate limited; resets at " + response.headers().firstValue("X-RateLimit-Reset").orElse("?") + ")" : ""), null);
        }
        if (status >= 400 && !(notFoundIsAnswer && status == 404)) {
            throw new CloudException.Permanent("GitHub answered " + status + " to " + method + " " + url + ": " + message(response.body()), null);
        }
        JsonNode json;
        try {
            json = response.body() == null || response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CloudException.Transient("GitHub sent something that is not JSON for " + url, e);
        }
        Optional<String> next = response.headers().firstValue("Link").map(NEXT::matcher).filter(Matcher::find).map(m -> m.group(1));
        return new Response(status, json, next);
    }

    private static String message(String body) {
        try {
            return JSON.readTree(body).path("message").asText(body);
        } catch (IOException e) {
            return body;
        }
    }
}
