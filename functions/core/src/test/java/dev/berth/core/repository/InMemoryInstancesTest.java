package dev.berth.core.repository;

import dev.berth.core.testing.TestCore;

class InMemoryInstancesTest extends InstancesContract {
    @Override
    protected Repositories freshRepositories() {
        return TestCore.repositories();
    }
}
