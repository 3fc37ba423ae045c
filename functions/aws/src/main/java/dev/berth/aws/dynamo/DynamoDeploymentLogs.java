package dev.berth.aws.dynamo;

import dev.berth.core.domain.LogLine;
import dev.berth.core.repository.DeploymentLogs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Deployment log lines, in their app server's partition ({@code LOG#<seq>}), expiring through the table's TTL. */
record DynamoDeploymentLogs(DynamoTable table) implements DeploymentLogs {
    private static final int BATCH = 25;

    @Override
    public void append(String appServerId, long firstSequence, List<String> lines, Instant at) {
        List<WriteRequest> writes = new ArrayList<>();
        long expires = at.plus(RETENTION).getEpochSecond();
        for (int i = 0; i < lines.size(); i++) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(Keys.PK, Attrs.s(Keys.appServer(appServerId)));
            item.put(Keys.SK, Attrs.s(Keys.logLine(firstSequence + i)));
            item.put("seq", Attrs.n(firstSequence + i));
            item.put("text", Attrs.s(lines.get(i)));
            Attrs.putTime(item, "at", at);
            item.put(Keys.EXPIRES_AT, Attrs.n(expires));
            writes.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
        }
        for (int from = 0; from < writes.size(); from += BATCH) {
            Map<String, List<WriteRequest>> batch = Map.of(table.name(), writes.subList(from, Math.min(from + BATCH, writes.size())));
            while (!batch.isEmpty()) {
                Map<String, List<WriteRequest>> pending = batch;
                var response = table.client().batchWriteItem(b -> b.requestItems(pending));
                batch = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }

    @Override
    public List<LogLine> read(String appServerId, long after, int limit) {
        QueryResponse response = table.client().query(q -> q.tableName(table.name()).consistentRead(true)
                .keyConditionExpression("PK = :pk AND SK BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(
                        ":pk", Attrs.s(Keys.appServer(appServerId)),
                        ":from", Attrs.s(Keys.logLine(after + 1)),
                        ":to", Attrs.s(Keys.logLine(Keys.MAX_LOG_SEQUENCE))))
                .limit(limit));
        return response.items().stream()
                .map(item -> new LogLine(Attrs.num(item, "seq"), Attrs.time(item, "at"), Attrs.str(item, "text")))
                .toList();
    }
}
