package dev.berth.github.webhook;

import java.util.List;

/** The webhook deliveries Berth acts on; everything else is {@link Ignored}. */
public sealed interface WebhookEvent {

    record Ping(String zen) implements WebhookEvent {
    }

    /** A pull request event, with what the sandbox logic needs from the payload. */
    record PullRequest(String action, String repository, long repositoryId, int number, String title, String body,
                       String headSha, String headRepository, boolean fromFork, boolean draft, String state, boolean merged,
                       String author, String authorAssociation, List<String> labels, String label, String htmlUrl)
            implements WebhookEvent {
        public PullRequest {
            labels = List.copyOf(labels);
        }
    }

    record Ignored(String event, String action) implements WebhookEvent {
    }
}
