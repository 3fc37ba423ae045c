package dev.berth.core.store;

import dev.berth.core.Ids;
import dev.berth.core.audit.AuditEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The audit log. Entries are written inside the transaction of the change they describe, so there
 * is never a change without its entry, nor an entry for a change that did not happen.
 */
public final class AuditLog {
    static final Duration RETENTION = Duration.ofDays(365);
    private final DynamoDbClient client;
    private final String table;
    private final Cursors cursors;

    public AuditLog(DynamoDbClient client, String table, Cursors cursors) {
        this.client = client;
        this.table = table;
        this.cursors = cursors;
    }

    TransactWriteItem put(AuditEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.audit(entry.target())));
        item.put(Keys.SK, Attrs.s(entry.at().toString() + "#" + Ids.ulid(entry.at())));
        Attrs.putS(item, "target", entry.target());
        Attrs.putS(item, "targetType", entry.targetType());
        Attrs.putS(item, "action", entry.action());
        Attrs.putS(item, "actor", entry.actor());
        Attrs.putTime(item, "at", entry.at());
        if (entry.oldVersion() != null) {
            item.put("oldVersion", Attrs.n(entry.oldVersion()));
        }
        if (entry.newVersion() != null) {
            item.put("newVersion", Attrs.n(entry.newVersion()));
        }
        Attrs.putS(item, "summary", entry.summary());
        item.put(Keys.EXPIRES_AT, Attrs.n(entry.at().plus(RETENTION).getEpochSecond()));
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(PK)")).build();
    }

    /** Newest first. */
    public Page<AuditEntry> list(String target, int limit, String cursor) {
        String scope = "audit:" + target;
        Map<String, AttributeValue> start = cursor == null ? null : Cursors.toKey("", cursors.decode(scope, cursor));
        QueryResponse response = client.query(q -> q.tableName(table)
                .keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", Attrs.s(Keys.audit(target))))
                .scanIndexForward(false)
                .limit(limit)
                .exclusiveStartKey(start));
        List<AuditEntry> entries = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            entries.add(new AuditEntry(Attrs.str(item, "target"), Attrs.str(item, "targetType"), Attrs.str(item, "action"),
                    Attrs.str(item, "actor"), Attrs.time(item, "at"),
                    item.containsKey("oldVersion") ? Attrs.num(item, "oldVersion") : null,
                    item.containsKey("newVersion") ? Attrs.num(item, "newVersion") : null,
                    Attrs.str(item, "summary")));
        }
        String next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? cursors.encode(scope, Cursors.fromKey("", response.lastEvaluatedKey(), new HashMap<>()))
                : null;
        return new Page<>(entries, next);
    }
}
