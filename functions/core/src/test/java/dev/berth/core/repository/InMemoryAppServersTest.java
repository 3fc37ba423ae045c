package dev.berth.core.repository;

import dev.berth.core.testing.TestCore;

class InMemoryAppServersTest extends AppServersContract {
    @Override
    protected Repositories freshRepositories() {
        return TestCore.repositories();
    }
}
