package dev.berth.aws.dynamo;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.Document;
import dev.berth.core.repository.Documents;
import dev.berth.core.repository.Page;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * {@link Documents} on the one table: a record is {@code <TYPE>#id / DOC} with its JSON document,
 * listed through GSI1 ({@code <TYPE>S}, by sort key); each unique key is a guard item
 * ({@code <TYPE>KEY#key / GUARD}) written or deleted in the change's transaction.
 */
final class DynamoDocuments<T extends Document> implements Documents<T> {
    private final DynamoTable table;
    private final String type;
    private final Class<T> recordClass;
    private final String what;

    DynamoDocuments(DynamoTable table, String type, Class<T> recordClass, String what) {
        this.table = table;
        this.type = type;
        this.recordClass = recordClass;
        this.what = what;
    }

    @Override
    public Optional<T> find(String id) {
        return table.get(key(id)).map(item -> DocumentItems.read(item, recordClass));
    }

    @Override
    public Optional<String> owner(String uniqueKey) {
        return table.get(guardKey(uniqueKey)).map(item -> Attrs.str(item, "owner"));
    }

    @Override
    public void write(List<Change<T>> changes, AuditEntry entry) {
        List<TransactWriteItem> items = new ArrayList<>();
        List<Function<Map<String, AttributeValue>, BerthException>> explain = new ArrayList<>();
        for (Change<T> change : changes) {
            String id = change.after() != null ? change.after().id() : change.before().id();
            if (change.before() == null) {
                items.add(table.putNew(item(change.after())));
                explain.add(current -> BerthException.conflict("duplicate", what + " " + id + " already exists", Map.of()));
            } else if (change.after() == null) {
                items.add(table.deleteAtVersion(key(id), change.before().version()));
                explain.add(current -> DynamoTable.staleOrGone(what, id, current));
            } else {
                items.add(table.putAtVersion(item(change.after()), change.before().version()));
                explain.add(current -> DynamoTable.staleOrGone(what, id, current));
            }
            Set<String> gone = new HashSet<>(change.keysBefore());
            gone.removeAll(change.keysAfter());
            for (String key : gone) {
                items.add(table.delete(guardKey(key)));
                explain.add(current -> BerthException.conflict("transaction_conflict", "retry", Map.of()));
            }
            Set<String> added = new HashSet<>(change.keysAfter());
            added.removeAll(change.keysBefore());
            for (String key : added) {
                Map<String, AttributeValue> guard = new HashMap<>(guardKey(key));
                guard.put("owner", Attrs.s(id));
                items.add(table.putNew(guard));
                explain.add(current -> BerthException.conflict("duplicate", key + " is taken", Map.of("key", key)));
            }
        }
        if (entry != null) {
            items.add(table.audit(entry));
            explain.add(current -> BerthException.conflict("transaction_conflict", "retry", Map.of()));
        }
        table.transact(items, (index, current) -> explain.get(index).apply(current));
    }

    @Override
    public Page<T> list(int limit, String cursor) {
        return table.page(QueryRequest.builder().indexName(Keys.GSI1).keyConditionExpression("GSI1PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", Attrs.s(type + "S"))).limit(limit),
                type.toLowerCase(java.util.Locale.ROOT), cursor, item -> DocumentItems.read(item, recordClass));
    }

    private Map<String, AttributeValue> key(String id) {
        return Map.of(Keys.PK, Attrs.s(type + "#" + id), Keys.SK, Attrs.s("DOC"));
    }

    private Map<String, AttributeValue> guardKey(String uniqueKey) {
        return Map.of(Keys.PK, Attrs.s(type + "KEY#" + uniqueKey), Keys.SK, Attrs.s("GUARD"));
    }

    private Map<String, AttributeValue> item(T record) {
        return DocumentItems.item(key(record.id()), type.toLowerCase(java.util.Locale.ROOT), type + "S",
                record.sortKey() + "#" + record.id(), record, record.version());
    }
}
