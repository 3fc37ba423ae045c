package dev.berth.core.sandbox;

/**
 * A pull request webhook event as the sandbox policy needs it (the GitHub adapter reads GitHub's
 * payload into this). {@code label} is the label added or removed, for those two actions;
 * {@code body} the pull request's description (its settings block matters to an edit).
 */
public record PullRequestEvent(String action, String repository, int number, String headSha, String label, String body) {
}
