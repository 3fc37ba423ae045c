package dev.berth.bench;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The SDK HTTP clients under comparison, by name. */
final class HttpClients {
    static final String[] NAMES = {"url-connection", "apache", "crt"};

    private HttpClients() {
    }

    static SdkHttpClient create(String name) {
        return switch (name) {
            case "url-connection" -> UrlConnectionHttpClient.create();
            case "apache" -> ApacheHttpClient.create();
            case "crt" -> AwsCrtHttpClient.create();
            default -> throw new IllegalArgumentException("unknown client " + name);
        };
    }

    static DynamoDbClient dynamo(String client, String endpoint) {
        return DynamoDbClient.builder().httpClient(create(client)).region(Region.US_EAST_1)
                .endpointOverride(URI.create(endpoint))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    /** The API's root on DynamoDB through this client (executions and jobs are not part of what is measured). */
    static dev.berth.api.ApiRoot apiRoot(java.util.Map<String, String> env, software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo) {
        dev.berth.core.config.BerthConfig config = dev.berth.core.config.BerthConfig.fromEnvironment(env);
        return new dev.berth.api.ApiRoot(env, new dev.berth.api.ApiRoot.Adapters(
                dev.berth.aws.dynamo.DynamoRepositories.create(dynamo, config.tableName(), dev.berth.core.BerthCore.cursors(config)),
                dev.berth.core.BerthCore.NO_WORKFLOWS, job -> {
                    throw new IllegalStateException("no jobs in the bench");
                }, () -> {
                    throw new IllegalStateException("no secrets in the bench");
                }, () -> {
                    throw new IllegalStateException("no backups in the bench");
                }));
    }
}
