package dev.berth.core.store;

import dev.berth.core.config.BerthConfig;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** The one way Berth builds its DynamoDB client: explicit HTTP client, region and credentials. */
public final class DynamoClients {
    private DynamoClients() {
    }

    public static DynamoDbClient create(BerthConfig config) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(ApacheHttpClient.create())
                .region(Region.of(config.region()));
        if (config.dynamoDbEndpoint() != null) {
            // DynamoDB Local accepts any credentials; not touching the credential chain saves start time.
            builder.endpointOverride(URI.create(config.dynamoDbEndpoint()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        } else {
            builder.credentialsProvider(awsCredentials());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider awsCredentials() {
        // Lambda puts the role's credentials in the environment; skip the slower default chain there.
        return System.getenv("AWS_ACCESS_KEY_ID") != null
                ? EnvironmentVariableCredentialsProvider.create()
                : DefaultCredentialsProvider.builder().build();
    }
}
