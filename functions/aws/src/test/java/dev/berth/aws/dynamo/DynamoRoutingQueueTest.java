package dev.berth.aws.dynamo;

import dev.berth.core.repository.Repositories;
import dev.berth.core.repository.RoutingQueueContract;

class DynamoRoutingQueueTest extends RoutingQueueContract {
    @Override
    protected Repositories repositories() {
        return LocalDynamo.repositories();
    }
}
