package dev.berth.aws;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The one way Berth builds an AWS SDK client: the project's one HTTP client (Apache), the region,
 * and credentials from Lambda's environment (the default chain elsewhere). An endpoint override
 * (DynamoDB Local, a stub) comes with dummy credentials, so nothing reaches for a real account.
 */
public final class AwsClients {
    private AwsClients() {
    }

    /** {@code BERTH_DYNAMODB_ENDPOINT} points at DynamoDB Local on a laptop and in tests. */
    public static DynamoDbClient dynamoDb(Map<String, String> env) {
        return configure(DynamoDbClient.builder(), region(env), env.get("BERTH_DYNAMODB_ENDPOINT")).build();
    }

    public static SfnClient stepFunctions(Map<String, String> env) {
        return configure(SfnClient.builder(), region(env), env.get("BERTH_SFN_ENDPOINT")).build();
    }

    public static SsmClient ssm(Map<String, String> env) {
        return configure(SsmClient.builder(), region(env), env.get("BERTH_SSM_ENDPOINT")).build();
    }

    public static SesV2Client ses(Map<String, String> env) {
        return configure(SesV2Client.builder(), region(env), env.get("BERTH_SES_ENDPOINT")).build();
    }

    /** Path-style addressing when an endpoint is overridden (a stub or an S3-compatible server has no bucket sub-domains). */
    public static S3Client s3(Map<String, String> env) {
        String endpoint = env.get("BERTH_S3_ENDPOINT");
        return configure(S3Client.builder(), region(env), endpoint).forcePathStyle(endpoint != null && !endpoint.isBlank()).build();
    }

    public static Region region(Map<String, String> env) {
        return Region.of(env.getOrDefault("AWS_REGION", "us-east-1"));
    }

    /** Configures any SDK client builder the same way (for the adapters' own clients, e.g. Route 53). */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder, Region region, String endpoint) {
        builder.httpClient(ApacheHttpClient.create()).region(region);
        if (endpoint != null && !endpoint.isBlank()) {
            // A local endpoint accepts any credentials; not touching the credential chain saves start time.
            builder.endpointOverride(URI.create(endpoint))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        } else {
            builder.credentialsProvider(awsCredentials());
        }
        return builder;
    }

    private static AwsCredentialsProvider awsCredentials() {
        // Lambda puts the role's credentials in the environment; skip the slower default chain there.
        return System.getenv("AWS_ACCESS_KEY_ID") != null
                ? EnvironmentVariableCredentialsProvider.create()
                : DefaultCredentialsProvider.builder().build();
    }
}
