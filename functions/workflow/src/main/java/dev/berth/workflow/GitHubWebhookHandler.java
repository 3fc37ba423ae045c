package dev.berth.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.core.BerthCore;
import dev.berth.core.error.BerthException;
import dev.berth.core.port.Adapters;
import dev.berth.core.store.Deliveries;
import dev.berth.github.webhook.WebhookEvent;
import dev.berth.github.webhook.WebhookEvents;
import dev.berth.github.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/v1/webhooks/github}: verifies the signature on the raw bytes, records the
 * delivery (a redelivery has no second effect), and hands pull request events to the
 * PullRequestSandbox state machine, answering within the second GitHub expects.
 */
public final class GitHubWebhookHandler extends ApiHandler {
    public static final String SANDBOX_STATE_MACHINE = "PullRequestSandbox";
    private static final Set<String> HANDLED = Set.of("opened", "reopened", "ready_for_review", "labeled", "synchronize", "edited",
            "closed", "converted_to_draft", "unlabeled");
    private final BerthCore core;
    private final WebhookSignature signature;
    private final Deliveries deliveries;

    public GitHubWebhookHandler() {
        this(System.getenv());
    }

    public GitHubWebhookHandler(Map<String, String> env) {
        this(env, Adapters.NONE);
    }

    public GitHubWebhookHandler(Map<String, String> env, Adapters adapters) {
        this.core = BerthCore.create(env, adapters);
        this.signature = new WebhookSignature(env.get("BERTH_GITHUB_WEBHOOK_SECRET"));
        this.deliveries = new Deliveries(core.dynamo(), core.config().tableName());
        route("POST /api/v1/webhooks/github", this::receive);
    }

    private ApiResponse receive(ApiRequest request) {
        if (!signature.matches(request.body(), request.header("x-hub-signature-256"))) {
            throw BerthException.unauthorized("The X-Hub-Signature-256 header is missing or does not match the body");
        }
        String event = request.header("x-github-event");
        String delivery = request.header("x-github-delivery");
        if (event == null || delivery == null || delivery.isBlank() || delivery.length() > 100) {
            throw BerthException.badRequest("missing_header", "A GitHub delivery has X-GitHub-Event and X-GitHub-Delivery headers");
        }
        WebhookEvent parsed;
        try {
            parsed = WebhookEvents.parse(event, request.body());
        } catch (IllegalArgumentException e) {
            throw BerthException.badRequest("invalid_json", e.getMessage());
        }
        if (parsed instanceof WebhookEvent.Ping) {
            return ApiResponse.json(200, JSON.createObjectNode().put("status", "pong"));
        }
        if (!(parsed instanceof WebhookEvent.PullRequest pr) || !HANDLED.contains(pr.action())) {
            return accepted("ignored", "Berth does not act on " + event + (parsed instanceof WebhookEvent.PullRequest p ? "." + p.action() : ""));
        }
        if (core.watchedRepositoryStore().findByFullName(pr.repository()).isEmpty()) {
            return accepted("ignored", pr.repository() + " is not watched");
        }
        if (!deliveries.firstTime(delivery, Instant.now())) {
            return ApiResponse.json(200, JSON.createObjectNode().put("status", "duplicate").put("delivery", delivery));
        }
        // One execution per (repository, PR, head commit, action): a repeated event starts nothing new.
        String name = executionName(pr, delivery);
        core.workflows().start(SANDBOX_STATE_MACHINE, name, JSON.createObjectNode().put("repository", pr.repository())
                .put("number", pr.number()).put("action", pr.action()).put("headSha", pr.headSha()).toString());
        return accepted("accepted", name);
    }

    static String executionName(WebhookEvent.PullRequest pr, String delivery) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(pr.repository().toLowerCase().getBytes(StandardCharsets.UTF_8));
            // Edits of the same commit differ only in their body: each delivery of one is its own execution.
            String suffix = pr.action().equals("labeled") || pr.action().equals("unlabeled") ? pr.action() + "-" + pr.label()
                    : pr.action().equals("edited") ? "edited-" + delivery : pr.action();
            String name = "pr" + pr.number() + "-" + HexFormat.of().formatHex(digest).substring(0, 8) + "-" + pr.headSha().substring(0, 12) + "-" + suffix;
            name = name.replaceAll("[^A-Za-z0-9_-]", "_");
            return name.length() > 80 ? name.substring(0, 80) : name;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiResponse accepted(String status, String detail) {
        ObjectNode body = JSON.createObjectNode().put("status", status).put("detail", detail);
        return ApiResponse.json(202, body);
    }
}
