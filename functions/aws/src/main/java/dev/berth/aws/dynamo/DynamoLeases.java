package dev.berth.aws.dynamo;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Leases: an item that one holder owns until it releases it or the lease runs out, so that a job
 * started twice at once (a schedule and an admin) runs once, and a crashed holder cannot block
 * forever.
 */
record DynamoLeases(DynamoDbClient client, String table) implements dev.berth.core.repository.Leases {

    /** True if {@code holder} now holds the lease {@code name} until {@code now + duration}. */
    @Override
    public boolean acquire(String name, String holder, Duration duration, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(key(name));
        item.put("holder", Attrs.s(holder));
        item.put("until", Attrs.n(now.plus(duration).toEpochMilli()));
        item.put(Keys.EXPIRES_AT, Attrs.n(now.plus(duration).plus(Duration.ofDays(1)).getEpochSecond()));
        try {
            client.putItem(p -> p.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(PK) OR #until < :now OR holder = :holder")
                    .expressionAttributeNames(Map.of("#until", "until"))
                    .expressionAttributeValues(Map.of(":now", Attrs.n(now.toEpochMilli()), ":holder", Attrs.s(holder))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void release(String name, String holder) {
        try {
            client.deleteItem(d -> d.tableName(table).key(key(name)).conditionExpression("holder = :holder")
                    .expressionAttributeValues(Map.of(":holder", Attrs.s(holder))));
        } catch (ConditionalCheckFailedException e) {
            // Someone else holds it now (ours ran out): nothing of ours to release.
        }
    }

    private static Map<String, AttributeValue> key(String name) {
        return Map.of(Keys.PK, Attrs.s("LEASE#" + name), Keys.SK, Attrs.s("LEASE"));
    }
}
