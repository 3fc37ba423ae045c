package dev.berth.core.repository;

import dev.berth.core.testing.TestCore;

class InMemoryRoutingQueueTest extends RoutingQueueContract {
    @Override
    protected Repositories repositories() {
        return TestCore.repositories();
    }
}
