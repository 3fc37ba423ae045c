package dev.berth.aws.dynamo;

import dev.berth.core.domain.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The benchmarks' seeding: instances written as the repository writes them (the same items and
 * host guards), but by BatchWriteItem, 25 at a time, without the audit entry or the condition a
 * creation has. Beside the adapter's package-private mapping, in the bench module only.
 */
public final class BenchSeeder {
    private final DynamoDbClient client;
    private final String table;
    private final List<WriteRequest> pending = new ArrayList<>();

    public BenchSeeder(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    public void instance(Instance instance) {
        add(DynamoInstances.toItem(instance));
        HostGuards guards = new HostGuards(new DynamoTable(client, table, null));
        for (String host : instance.domains().all()) {
            add(guards.claim(host, HostGuards.INSTANCE, instance.id()).put().item());
        }
    }

    private void add(Map<String, AttributeValue> item) {
        pending.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        if (pending.size() == 25) {
            flush();
        }
    }

    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, List<WriteRequest>> batch = Map.of(table, List.copyOf(pending));
        pending.clear();
        while (!batch.isEmpty()) {
            Map<String, List<WriteRequest>> request = batch;
            var response = client.batchWriteItem(b -> b.requestItems(request));
            batch = response.hasUnprocessedItems() && !response.unprocessedItems().isEmpty() ? response.unprocessedItems() : Map.of();
        }
    }
}
