package dev.berth.aws.dynamo;

import dev.berth.core.repository.ActiveSetsContract;
import dev.berth.core.repository.Repositories;

class DynamoActiveSetsTest extends ActiveSetsContract {
    @Override
    protected Repositories freshRepositories() {
        return LocalDynamo.repositories();
    }
}
