package dev.berth.core.sandbox;

import dev.berth.core.repository.WatchedRepositories;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * What Berth does with a verified pull request event: events of repositories it does not watch,
 * and actions it does not act on, are ignored; anything else starts the PullRequestSandbox
 * execution of that event (which re-reads the pull request from GitHub). The execution's name is
 * the event's content (repository, pull request, head commit, action, and for an edit the
 * settings block), so a redelivery, or a replay under a fresh delivery id, starts nothing new;
 * and nothing is recorded before the start succeeds, so GitHub's redelivery of a failed one works.
 */
public final class WebhookIntake {
    static final Set<String> HANDLED = Set.of("opened", "reopened", "ready_for_review", "labeled", "synchronize", "edited",
            "closed", "converted_to_draft", "unlabeled");

    /** {@code status} is ignored, duplicate or accepted; {@code detail} says why, or names the execution. */
    public record Outcome(String status, String detail) {
    }

    private final WatchedRepositories repositories;
    private final SandboxExecutions executions;

    public WebhookIntake(WatchedRepositories repositories, SandboxExecutions executions) {
        this.repositories = repositories;
        this.executions = executions;
    }

    public Outcome receive(PullRequestEvent event) {
        if (!HANDLED.contains(event.action())) {
            return new Outcome("ignored", "Berth does not act on pull_request." + event.action());
        }
        if (repositories.findByFullName(event.repository()).isEmpty()) {
            return new Outcome("ignored", event.repository() + " is not watched");
        }
        String name = SandboxExecutions.name(event.repository(), event.number(), event.headSha(), what(event));
        boolean started = executions.start(name, event.repository(), event.number(), event.action(), event.headSha());
        return new Outcome(started ? "accepted" : "duplicate", name);
    }

    private static String what(PullRequestEvent event) {
        return switch (event.action()) {
            case "labeled", "unlabeled" -> event.action() + "-" + event.label();
            // An edit matters only through the settings block: the same block again is the same event.
            case "edited" -> "edited-" + hash(PullRequestSettings.block(event.body()));
            default -> event.action();
        };
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
