package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.core.error.BerthException;
import dev.berth.core.json.JsonTrees;
import dev.berth.core.sandbox.PullRequestEvent;
import dev.berth.core.sandbox.WebhookIntake;
import dev.berth.github.webhook.WebhookEvent;
import dev.berth.github.webhook.WebhookEvents;
import dev.berth.github.webhook.WebhookSignature;

/**
 * {@code POST /api/v1/webhooks/github}: verifies the signature on the raw bytes, then hands pull
 * request events to the sandbox policy's intake, answering within the seconds GitHub gives.
 */
public final class GitHubWebhookHandler extends ApiHandler {
    private final ApiRoot root;
    private final WebhookSignature signature;

    public GitHubWebhookHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public GitHubWebhookHandler(ApiRoot root) {
        this.root = root;
        this.signature = root.webhookSignature();
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
        WebhookEvent parsed = WebhookEvents.parse(event, request.body());
        if (parsed instanceof WebhookEvent.Ping) {
            return ApiResponse.json(200, JsonTrees.object().put("status", "pong"));
        }
        if (!(parsed instanceof WebhookEvent.PullRequest pr)) {
            return ApiResponse.json(202, JsonTrees.object().put("status", "ignored").put("detail", "Berth does not act on " + event));
        }
        WebhookIntake.Outcome outcome = root.core().webhookIntake().receive(
                new PullRequestEvent(pr.action(), pr.repository(), pr.number(), pr.headSha(), pr.label(), pr.body()));
        return outcome.status().equals("duplicate")
                ? ApiResponse.json(200, JsonTrees.object().put("status", "duplicate").put("delivery", delivery))
                : ApiResponse.json(202, JsonTrees.object().put("status", outcome.status()).put("detail", outcome.detail()));
    }
}
