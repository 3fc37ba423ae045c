package dev.berth.local.dynamo;

import dev.berth.local.template.TableResource;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Creates the template's tables in DynamoDB Local: missing tables are created (then their TTL
 * enabled); existing ones (a kept data folder) are checked against the template and left alone.
 */
public final class TableProvisioner {
    private final DynamoDbClient client;

    public TableProvisioner(DynamoDbClient client) {
        this.client = client;
    }

    public enum Outcome { CREATED, EXISTED }

    public void provisionAll(Collection<TableResource> tables) {
        tables.forEach(this::provision);
    }

    public Outcome provision(TableResource table) {
        String name = table.localTableName();
        TableDescription existing = describe(name);
        Outcome outcome;
        if (existing == null) {
            client.createTable(createTableRequest(table));
            outcome = Outcome.CREATED;
        } else {
            checkMatches(table, existing);
            outcome = Outcome.EXISTED;
        }
        if (table.timeToLive() != null && table.timeToLive().enabled()) {
            TimeToLiveStatus status = client.describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription().timeToLiveStatus();
            if (status != TimeToLiveStatus.ENABLED && status != TimeToLiveStatus.ENABLING) {
                client.updateTimeToLive(r -> r.tableName(name)
                        .timeToLiveSpecification(t -> t.attributeName(table.timeToLive().attributeName()).enabled(true)));
            }
        }
        return outcome;
    }

    /** The CreateTable call for a template table, named by its local name, on-demand billing. */
    public static CreateTableRequest createTableRequest(TableResource table) {
        List<GlobalSecondaryIndex> gsis = table.globalSecondaryIndexes().stream()
                .map(i -> GlobalSecondaryIndex.builder().indexName(i.name()).keySchema(keys(i.keySchema()))
                        .projection(projection(i)).build())
                .toList();
        List<LocalSecondaryIndex> lsis = table.localSecondaryIndexes().stream()
                .map(i -> LocalSecondaryIndex.builder().indexName(i.name()).keySchema(keys(i.keySchema()))
                        .projection(projection(i)).build())
                .toList();
        return CreateTableRequest.builder()
                .tableName(table.localTableName())
                .attributeDefinitions(table.attributes().stream()
                        .map(a -> AttributeDefinition.builder().attributeName(a.name()).attributeType(a.type()).build()).toList())
                .keySchema(keys(table.keySchema()))
                .globalSecondaryIndexes(gsis.isEmpty() ? null : gsis)
                .localSecondaryIndexes(lsis.isEmpty() ? null : lsis)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .build();
    }

    private TableDescription describe(String name) {
        try {
            return client.describeTable(r -> r.tableName(name)).table();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    /** A kept table that no longer matches the template would fail later in confusing ways: say so now. */
    private static void checkMatches(TableResource table, TableDescription existing) {
        List<KeySchemaElement> expectedKeys = keys(table.keySchema());
        if (!Objects.equals(expectedKeys, existing.keySchema())) {
            throw new IllegalStateException("Table " + table.localTableName() + " in the data folder has key schema "
                    + existing.keySchema() + " but template.yaml says " + expectedKeys
                    + ": start with another --data folder (or delete this one)");
        }
        Set<String> have = existing.globalSecondaryIndexes().stream().map(GlobalSecondaryIndexDescription::indexName)
                .collect(Collectors.toSet());
        Set<String> want = table.globalSecondaryIndexes().stream().map(TableResource.SecondaryIndex::name).collect(Collectors.toSet());
        if (!have.containsAll(want)) {
            throw new IllegalStateException("Table " + table.localTableName() + " in the data folder has indexes " + have
                    + " but template.yaml declares " + want + ": start with another --data folder (or delete this one)");
        }
    }

    private static List<KeySchemaElement> keys(List<TableResource.KeyElement> schema) {
        return schema.stream().map(k -> KeySchemaElement.builder().attributeName(k.attributeName()).keyType(k.keyType()).build()).toList();
    }

    private static Projection projection(TableResource.SecondaryIndex index) {
        return Projection.builder().projectionType(index.projectionType())
                .nonKeyAttributes(index.nonKeyAttributes().isEmpty() ? null : index.nonKeyAttributes()).build();
    }
}
