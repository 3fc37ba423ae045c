package dev.berth.core.repository;

import dev.berth.core.testing.TestCore;

class InMemoryActiveSetsTest extends ActiveSetsContract {
    @Override
    protected Repositories freshRepositories() {
        return TestCore.repositories();
    }
}
