package dev.berth.core.repository;

import dev.berth.core.testing.TestCore;

class InMemoryTokensAndWatchedRepositoriesTest extends TokensAndWatchedRepositoriesContract {
    @Override
    protected Repositories freshRepositories() {
        return TestCore.repositories();
    }
}
