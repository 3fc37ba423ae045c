package dev.berth.aws.dynamo;

import dev.berth.core.repository.TokensAndWatchedRepositoriesContract;
import dev.berth.core.repository.Repositories;

class DynamoTokensAndWatchedRepositoriesTest extends TokensAndWatchedRepositoriesContract {
    @Override
    protected Repositories freshRepositories() {
        return LocalDynamo.repositories();
    }
}
