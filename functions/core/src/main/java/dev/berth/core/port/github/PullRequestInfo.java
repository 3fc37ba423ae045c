package dev.berth.core.port.github;

import java.util.List;

/** A pull request as GitHub says it is now. */
public record PullRequestInfo(String repository, int number, String state, boolean draft, boolean merged, String headSha,
                              String headRepository, String body, String author, String authorAssociation, List<String> labels,
                              String htmlUrl) {
    public PullRequestInfo {
        labels = List.copyOf(labels);
    }
}
