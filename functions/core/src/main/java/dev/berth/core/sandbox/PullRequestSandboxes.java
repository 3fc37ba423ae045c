package dev.berth.core.sandbox;

import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.WatchedRepository;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.Instances;
import dev.berth.core.repository.WatchedRepositories;
import java.util.Optional;

/** Finds the sandbox of a pull request: its sub-domain under the watched repository's base domain. */
public final class PullRequestSandboxes {
    /** GitHub's limits: an owner of at most 39 characters, a repository of at most 100. */
    private static final java.util.regex.Pattern REPOSITORY = java.util.regex.Pattern.compile("[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}");
    private final WatchedRepositories repositories;
    private final Instances instances;

    public PullRequestSandboxes(WatchedRepositories repositories, Instances instances) {
        this.repositories = repositories;
        this.instances = instances;
    }

    /** The LMS domain a pull request's sandbox has (or would have) under its repository. */
    public static String domain(WatchedRepository repository, String fullName, int number) {
        return SandboxNames.subDomain(fullName, number) + "." + repository.baseDomain();
    }

    public Optional<Instance> find(Principal caller, String repository, int number) {
        caller.require(Role.VIEWER);
        if (repository == null || number < 1) {
            throw BerthException.invalid("pullRequest", "repository=owner/repo and pullRequest=<number> go together");
        }
        if (!REPOSITORY.matcher(repository).matches()) {
            throw BerthException.invalid("repository", "must be a GitHub repository's full name, owner/repo");
        }
        return repositories.findByFullName(repository)
                .flatMap(repo -> instances.findByDomain(domain(repo, repository, number)))
                .filter(i -> i.pullRequest() != null && i.pullRequest().number() == number);
    }
}
