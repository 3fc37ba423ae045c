package dev.berth.api;

import cloud.localstack.Localstack;
import cloud.localstack.docker.LocalstackDockerExtension;
import cloud.localstack.docker.annotation.LocalstackDockerProperties;
import dev.berth.aws.dynamo.LocalDynamo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API tests again, against LocalStack's DynamoDB instead of DynamoDB Local. Needs Docker:
 * run with {@code mvn -Plocalstack -pl functions/api verify}; the default build leaves it out.
 */
@ExtendWith(LocalstackDockerExtension.class)
@LocalstackDockerProperties(services = {"dynamodb"})
class LocalStackApiIT {

    @BeforeAll
    static void useLocalStack() {
        System.setProperty(LocalDynamo.EXTERNAL_ENDPOINT_PROPERTY, Localstack.INSTANCE.getEndpointDynamoDB());
        System.setProperty(TestApi.ON_DYNAMODB, "true");
    }

    @Nested
    class Instances extends InstancesApiTest {
    }

    @Nested
    class Concurrency extends ConcurrentPatchTest {
    }

    @Nested
    class SampleEvents extends SampleEventsTest {
    }
}
