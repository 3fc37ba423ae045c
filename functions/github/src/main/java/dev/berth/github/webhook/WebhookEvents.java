package dev.berth.github.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.error.BerthException;
import dev.berth.core.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a webhook delivery ({@code X-GitHub-Event} + JSON body) into a {@link WebhookEvent}. */
public final class WebhookEvents {
    private static final java.util.regex.Pattern SHA = java.util.regex.Pattern.compile("[0-9a-f]{40}");
    private static final java.util.regex.Pattern REPOSITORY = java.util.regex.Pattern.compile("[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}");
    private static final ObjectMapper JSON = Json.MAPPER;

    private WebhookEvents() {
    }

    /** @throws BerthException (400) when the body is not a JSON object */
    public static WebhookEvent parse(String event, byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw BerthException.badRequest("invalid_json", "The webhook body is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw BerthException.badRequest("invalid_json", "The webhook body is not a JSON object");
        }
        String action = root.path("action").asText(null);
        if ("ping".equals(event)) {
            return new WebhookEvent.Ping(root.path("zen").asText(""));
        }
        if (!"pull_request".equals(event)) {
            return new WebhookEvent.Ignored(event, action);
        }
        JsonNode pr = root.path("pull_request");
        JsonNode repo = root.path("repository");
        String repository = repo.path("full_name").asText();
        String headSha = pr.path("head").path("sha").asText("");
        int number = pr.path("number").asInt(root.path("number").asInt());
        // A signed payload that is not a pull request event as GitHub sends it: refused before anything is recorded.
        if (!pr.isObject() || !SHA.matcher(headSha).matches() || number < 1 || !REPOSITORY.matcher(repository).matches()
                || action == null) {
            throw BerthException.badRequest("invalid_payload",
                    "A pull_request event has an action, repository.full_name, a pull_request with a number and a 40-character head.sha");
        }
        String headRepository = pr.path("head").path("repo").path("full_name").asText(null);
        List<String> labels = new ArrayList<>();
        pr.path("labels").forEach(l -> labels.add(l.path("name").asText()));
        return new WebhookEvent.PullRequest(action, repository, repo.path("id").asLong(), pr.path("number").asInt(root.path("number").asInt()),
                pr.path("title").asText(""), pr.path("body").isNull() ? null : pr.path("body").asText(null),
                pr.path("head").path("sha").asText(), headRepository, headRepository != null && !headRepository.equalsIgnoreCase(repository),
                pr.path("draft").asBoolean(false), pr.path("state").asText(), pr.path("merged").asBoolean(false),
                pr.path("user").path("login").asText(), pr.path("author_association").asText("NONE"), labels,
                root.path("label").path("name").asText(null), pr.path("html_url").asText(null));
    }
}
