package dev.berth.core.repository;

import dev.berth.core.BerthCore;
import dev.berth.core.testing.RecordingWorkflows;
import dev.berth.core.testing.TestCore;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of the repository contract suites: each runs, through the use cases where that reads
 * best, against the in-memory adapters (here) and the DynamoDB ones (functions/aws), so fast
 * service tests can trust the fakes.
 */
public abstract class RepositoryContract {
    protected BerthCore core;
    protected Repositories repositories;

    /** Fresh, empty repositories (with the test admin token installed). */
    protected abstract Repositories freshRepositories();

    @BeforeEach
    void freshCore() {
        repositories = freshRepositories();
        core = TestCore.create(repositories, new RecordingWorkflows());
    }
}
