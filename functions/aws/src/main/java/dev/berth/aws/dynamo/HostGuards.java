package dev.berth.aws.dynamo;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * One guard item per host name Berth routes or publishes ({@code DOMAIN#<host>}): instances'
 * domains and app servers' preview hosts. Written in the same transaction as their owner, so a
 * host belongs to one owner only, never by read-then-write.
 */
final class HostGuards {
    static final String INSTANCE = "instanceId";
    static final String APP_SERVER = "appServerId";
    private final DynamoTable table;

    HostGuards(DynamoTable table) {
        this.table = table;
    }

    /** Claims {@code host} for the owner; fails if anyone holds it. */
    TransactWriteItem claim(String host, String ownerAttribute, String ownerId) {
        Map<String, AttributeValue> item = new HashMap<>(key(host));
        item.put(ownerAttribute, Attrs.s(ownerId));
        return table.putNew(item);
    }

    /** Gives {@code host} up; a guard another owner holds is left alone (and fails the write). */
    TransactWriteItem release(String host, String ownerAttribute, String ownerId) {
        return TransactWriteItem.builder().delete(d -> d.tableName(table.name()).key(key(host))
                .conditionExpression("attribute_not_exists(PK) OR #owner = :id")
                .expressionAttributeNames(Map.of("#owner", ownerAttribute))
                .expressionAttributeValues(Map.of(":id", Attrs.s(ownerId)))).build();
    }

    /** The instance holding {@code host}, if an instance does. */
    Optional<String> instanceOf(String host) {
        return table.get(key(host)).map(guard -> Attrs.str(guard, INSTANCE));
    }

    private static Map<String, AttributeValue> key(String host) {
        return Map.of(Keys.PK, Attrs.s(Keys.domainGuard(host)), Keys.SK, Attrs.s("GUARD"));
    }
}
