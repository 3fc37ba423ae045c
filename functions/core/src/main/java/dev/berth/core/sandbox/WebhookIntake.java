package dev.berth.core.sandbox;

import dev.berth.core.repository.Deliveries;
import dev.berth.core.repository.WatchedRepositories;
import java.time.Clock;
import java.util.Set;

/**
 * What Berth does with a verified pull request event: events of repositories it does not watch,
 * and actions it does not act on, are ignored; a redelivery is recognised; anything else starts
 * the PullRequestSandbox execution of that event (which re-reads the pull request from GitHub).
 */
public final class WebhookIntake {
    static final Set<String> HANDLED = Set.of("opened", "reopened", "ready_for_review", "labeled", "synchronize", "edited",
            "closed", "converted_to_draft", "unlabeled");

    /** {@code status} is ignored, duplicate or accepted; {@code detail} says why, or names the execution. */
    public record Outcome(String status, String detail) {
    }

    private final WatchedRepositories repositories;
    private final Deliveries deliveries;
    private final SandboxExecutions executions;
    private final Clock clock;

    public WebhookIntake(WatchedRepositories repositories, Deliveries deliveries, SandboxExecutions executions, Clock clock) {
        this.repositories = repositories;
        this.deliveries = deliveries;
        this.executions = executions;
        this.clock = clock;
    }

    public Outcome receive(PullRequestEvent event, String deliveryId) {
        if (!HANDLED.contains(event.action())) {
            return new Outcome("ignored", "Berth does not act on pull_request." + event.action());
        }
        if (repositories.findByFullName(event.repository()).isEmpty()) {
            return new Outcome("ignored", event.repository() + " is not watched");
        }
        if (!deliveries.firstTime(deliveryId, clock.instant())) {
            return new Outcome("duplicate", deliveryId);
        }
        String name = SandboxExecutions.name(event.repository(), event.number(), event.headSha(), what(event, deliveryId));
        executions.start(name, event.repository(), event.number(), event.action(), event.headSha());
        return new Outcome("accepted", name);
    }

    private static String what(PullRequestEvent event, String deliveryId) {
        // Edits of the same commit differ only in their body: each delivery of one is its own execution.
        return switch (event.action()) {
            case "labeled", "unlabeled" -> event.action() + "-" + event.label();
            case "edited" -> "edited-" + deliveryId;
            default -> event.action();
        };
    }
}
