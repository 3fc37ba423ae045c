package dev.berth.aws.dynamo;

import dev.berth.core.repository.InstancesContract;
import dev.berth.core.repository.Repositories;

class DynamoInstancesTest extends InstancesContract {
    @Override
    protected Repositories freshRepositories() {
        return LocalDynamo.repositories();
    }
}
