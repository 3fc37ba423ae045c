package dev.berth.aws.dynamo;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.berth.core.BerthCore;
import dev.berth.core.auth.AdminTokenBootstrap;
import dev.berth.core.repository.Repositories;
import dev.berth.core.testing.TestCore;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * DynamoDB Local for tests: one in-memory server per test JVM (telemetry off), and a fresh table
 * per test class created from template.yaml's {@code Table} resource, so the tests run against the
 * very key schema and indexes that are deployed.
 */
public final class LocalDynamo {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static String endpoint;
    private static DynamoDbClient client;

    private LocalDynamo() {
    }

    /** Another DynamoDB (LocalStack) for the whole test JVM, when the localstack profile sets it. */
    public static final String EXTERNAL_ENDPOINT_PROPERTY = "berth.test.dynamodb.endpoint";

    public static synchronized String endpoint() {
        if (endpoint == null && System.getProperty(EXTERNAL_ENDPOINT_PROPERTY) != null) {
            endpoint = System.getProperty(EXTERNAL_ENDPOINT_PROPERTY);
        }
        if (endpoint == null) {
            try {
                int port;
                try (ServerSocket socket = new ServerSocket(0)) {
                    port = socket.getLocalPort();
                }
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                        new String[] {"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.stop();
                    } catch (Exception ignored) {
                        // the JVM is going away anyway
                    }
                }));
                endpoint = "http://localhost:" + port;
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start", e);
            }
        }
        return endpoint;
    }

    public static synchronized DynamoDbClient client() {
        if (client == null) {
            client = DynamoDbClient.builder()
                    .endpointOverride(URI.create(endpoint()))
                    .httpClient(ApacheHttpClient.create())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .build();
        }
        return client;
    }

    /** Repositories on a new table, with the test admin token installed. */
    public static Repositories repositories() {
        return repositories(newTable());
    }

    public static Repositories repositories(String table) {
        Repositories repositories = DynamoRepositories.create(client(), table, BerthCore.cursors(TestCore.config()));
        AdminTokenBootstrap.install(repositories.tokens(), TestCore.ADMIN_TOKEN);
        return repositories;
    }

    /** The environment of a function whose table is a new one in DynamoDB Local (admin token installed). */
    public static Map<String, String> environment() {
        String table = newTable();
        repositories(table);
        Map<String, String> env = TestCore.environment(table);
        env.put("BERTH_DYNAMODB_ENDPOINT", endpoint());
        return env;
    }

    /** Creates a new, empty table shaped as template.yaml says and returns its name. */
    public static String newTable() {
        String name = "test-" + TABLES.incrementAndGet() + "-" + System.nanoTime();
        client().createTable(createTableRequest(repositoryRoot().resolve("template.yaml"), "Table").toBuilder().tableName(name).build());
        return name;
    }

    public static Path repositoryRoot() {
        return TestCore.repositoryRoot();
    }

    @SuppressWarnings("unchecked")
    static CreateTableRequest createTableRequest(Path template, String logicalId) {
        Map<String, Object> doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(template));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> props = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) doc.get("Resources")).get(logicalId)).get("Properties");
        List<AttributeDefinition> attributes = new ArrayList<>();
        for (Map<String, Object> a : (List<Map<String, Object>>) props.get("AttributeDefinitions")) {
            attributes.add(AttributeDefinition.builder().attributeName((String) a.get("AttributeName"))
                    .attributeType((String) a.get("AttributeType")).build());
        }
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (Map<String, Object> gsi : (List<Map<String, Object>>) props.getOrDefault("GlobalSecondaryIndexes", List.of())) {
            indexes.add(GlobalSecondaryIndex.builder().indexName((String) gsi.get("IndexName"))
                    .keySchema(keys((List<Map<String, Object>>) gsi.get("KeySchema")))
                    .projection(p -> p.projectionType((String) ((Map<String, Object>) gsi.get("Projection")).get("ProjectionType")))
                    .build());
        }
        return CreateTableRequest.builder().attributeDefinitions(attributes)
                .keySchema(keys((List<Map<String, Object>>) props.get("KeySchema")))
                .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes)
                .billingMode(BillingMode.PAY_PER_REQUEST).build();
    }

    private static List<KeySchemaElement> keys(List<Map<String, Object>> schema) {
        return schema.stream().map(k -> KeySchemaElement.builder().attributeName((String) k.get("AttributeName"))
                .keyType((String) k.get("KeyType")).build()).toList();
    }
}
