package dev.berth.aws.dynamo;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.error.BerthException;
import dev.berth.core.Ids;
import dev.berth.core.repository.AuditLog;
import dev.berth.core.repository.Cursors;
import dev.berth.core.repository.Page;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The one table and the moves every repository makes on it: read an item, write items in one
 * conditional transaction (with the audit entry), query a page behind a signed cursor.
 */
final class DynamoTable {
    private final DynamoDbClient client;
    private final String name;
    private final Cursors cursors;

    DynamoTable(DynamoDbClient client, String name, Cursors cursors) {
        this.client = client;
        this.name = name;
        this.cursors = cursors;
    }

    DynamoDbClient client() {
        return client;
    }

    String name() {
        return name;
    }

    Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = client.getItem(g -> g.tableName(name).consistentRead(true).key(key)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    TransactWriteItem putNew(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(p -> p.tableName(name).item(item).conditionExpression("attribute_not_exists(PK)")).build();
    }

    /** Replaces an item if it is still at {@code expectedVersion}; a failure returns the stored item (for its version). */
    TransactWriteItem putAtVersion(Map<String, AttributeValue> item, long expectedVersion) {
        return TransactWriteItem.builder().put(p -> p.tableName(name).item(item)
                .conditionExpression("#v = :expected")
                .expressionAttributeNames(Map.of("#v", Keys.VERSION))
                .expressionAttributeValues(Map.of(":expected", Attrs.n(expectedVersion)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();
    }

    TransactWriteItem deleteAtVersion(Map<String, AttributeValue> key, long expectedVersion) {
        return TransactWriteItem.builder().delete(d -> d.tableName(name).key(key)
                .conditionExpression("#v = :expected")
                .expressionAttributeNames(Map.of("#v", Keys.VERSION))
                .expressionAttributeValues(Map.of(":expected", Attrs.n(expectedVersion)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();
    }

    TransactWriteItem delete(Map<String, AttributeValue> key) {
        return TransactWriteItem.builder().delete(d -> d.tableName(name).key(key)).build();
    }

    /** The audit entry of a change, written in the change's transaction. */
    TransactWriteItem audit(AuditEntry entry) {
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
        item.put(Keys.EXPIRES_AT, Attrs.n(entry.at().plus(AuditLog.RETENTION).getEpochSecond()));
        return putNew(item);
    }

    void transact(List<TransactWriteItem> items, Transactions.ConditionFailure onFailure) {
        Transactions.write(client, items, onFailure);
    }

    /** The usual failure of a versioned write: gone (404) or changed by someone else (412 with the current version). */
    static BerthException staleOrGone(String what, String id, Map<String, AttributeValue> current) {
        return current.isEmpty() ? BerthException.notFound(what, id) : BerthException.stale(Attrs.num(current, Keys.VERSION));
    }

    /** One page of a query, continuing from {@code cursor}; the cursor is bound to {@code scope}. */
    <T> Page<T> page(QueryRequest.Builder query, String scope, String cursor, Function<Map<String, AttributeValue>, T> mapper) {
        Map<String, AttributeValue> start = cursor == null ? null : toKey("", cursors.decode(scope, cursor));
        QueryResponse response = client.query(query.tableName(name).exclusiveStartKey(start).build());
        List<T> items = response.items().stream().map(mapper).toList();
        String next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? cursors.encode(scope, fromKey("", response.lastEvaluatedKey(), new LinkedHashMap<>()))
                : null;
        return new Page<>(items, next);
    }

    Cursors cursors() {
        return cursors;
    }

    /** A LastEvaluatedKey (string attributes only in this table) as cursor fields. */
    static Map<String, String> fromKey(String prefix, Map<String, AttributeValue> key, Map<String, String> into) {
        key.forEach((attribute, value) -> into.put(prefix + attribute, value.s()));
        return into;
    }

    static Map<String, AttributeValue> toKey(String prefix, Map<String, String> position) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        position.forEach((field, value) -> {
            if (field.startsWith(prefix)) {
                key.put(field.substring(prefix.length()), AttributeValue.fromS(value));
            }
        });
        return key.isEmpty() ? null : key;
    }
}
