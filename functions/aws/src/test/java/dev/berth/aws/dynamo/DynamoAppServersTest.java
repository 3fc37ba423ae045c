package dev.berth.aws.dynamo;

import dev.berth.core.repository.AppServersContract;
import dev.berth.core.repository.Repositories;

class DynamoAppServersTest extends AppServersContract {
    @Override
    protected Repositories freshRepositories() {
        return LocalDynamo.repositories();
    }
}
