package dev.berth.core.port;

import dev.berth.core.port.github.PullRequestInfo;
import java.util.List;

/**
 * What Berth asks GitHub: a pull request's current state (events may be stale), membership, the
 * team's public SSH keys, and where it reports a sandbox's state (a commit status on the head).
 */
public interface GitHub {

    PullRequestInfo pullRequest(String repository, int number);

    /** Open pull requests of a repository, for the reconcile job. */
    List<PullRequestInfo> openPullRequests(String repository);

    /** {@code state}: pending, success, failure or error; {@code description} at most 140 characters. */
    void reportStatus(String repository, String sha, String state, String targetUrl, String description);

    /** Whether {@code login} is an active member of the organization, or of its team when {@code team} is set. */
    boolean isMember(String organization, String team, String login);

    /** The public SSH keys of the organization's (or team's) members, one {@code authorized_keys} line each. */
    List<String> memberKeys(String organization, String team);
}
