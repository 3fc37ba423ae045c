package dev.berth.bench;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The floor of issue 19's cold start: what any Java Lambda that reads DynamoDB with SDK v2 pays
 * in a fresh JVM. Builds a bare {@code DynamoDbClient} as Berth's handlers do (Apache HTTP client,
 * region, static credentials, the endpoint override) and does one consistent {@code GetItem} of
 * the instance the API probe reads, then exits. Uses nothing of Berth: ApiBench runs it from the
 * bench jar plus one jar merged from only the SDK jars it loads classes from. Args: endpoint table
 * instanceId.
 */
public final class FloorProbe {
    public static void main(String[] args) {
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(ApacheHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(URI.create(args[0]))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
        Map<String, AttributeValue> key = Map.of("PK", AttributeValue.fromS("INSTANCE#" + args[2]), "SK", AttributeValue.fromS("INSTANCE"));
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(args[1]).consistentRead(true).key(key)).item();
        if (item == null || item.isEmpty()) {
            System.err.println("no item INSTANCE#" + args[2] + " in " + args[1]);
            System.exit(1);
        }
        System.out.println("GetItem answered: " + item.size() + " attributes");
        System.exit(0);
    }
}
