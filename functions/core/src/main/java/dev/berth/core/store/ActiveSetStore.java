package dev.berth.core.store;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.Instance;
import dev.berth.core.error.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Changes which app servers serve an instance: the instance's active list and every app server's
 * {@code active} flag change in one transaction, each conditional on the version that was read.
 * Two people clicking at once: one wins, the other gets 412.
 */
public final class ActiveSetStore {
    private final DynamoDbClient client;
    private final String table;
    private final AuditLog audit;

    public ActiveSetStore(DynamoDbClient client, String table, AuditLog audit) {
        this.client = client;
        this.table = table;
        this.audit = audit;
    }

    /** One app server before and after the change. */
    public record Change(AppServer before, AppServer after) {
    }

    public void write(Instance before, Instance after, List<Change> servers, List<AuditEntry> entries) {
        // The app servers come first: the one the caller named is the first whose stale version is reported (412).
        List<TransactWriteItem> items = new ArrayList<>();
        for (Change change : servers) {
            items.add(conditionalPut(AppServerStore.toItem(change.after()), change.before().version()));
        }
        items.add(conditionalPut(InstanceStore.toItem(after), before.version()));
        entries.forEach(entry -> items.add(audit.put(entry)));
        Transactions.write(client, items, (index, current) -> {
            if (index < servers.size()) {
                Change change = servers.get(index);
                return current.isEmpty() ? BerthException.notFound("App server", change.before().id())
                        : BerthException.stale(Attrs.num(current, Keys.VERSION));
            }
            return BerthException.conflict("instance_changed", "Instance " + before.id()
                    + " changed while its active app servers were being changed; read it again and retry", Map.of());
        });
    }

    private TransactWriteItem conditionalPut(Map<String, AttributeValue> item, long expectedVersion) {
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression("#v = :expected")
                .expressionAttributeNames(Map.of("#v", Keys.VERSION))
                .expressionAttributeValues(Map.of(":expected", Attrs.n(expectedVersion)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();
    }
}
