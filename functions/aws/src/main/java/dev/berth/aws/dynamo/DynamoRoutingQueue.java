package dev.berth.aws.dynamo;

import dev.berth.core.repository.RoutingQueue;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The routing queue as one item ({@code ROUTING / QUEUE}): a string set of dirty instance ids and
 * a pending flag, each changed by one atomic UpdateItem whose old values say what the caller must do.
 */
record DynamoRoutingQueue(DynamoTable table) implements RoutingQueue {
    private static final Map<String, AttributeValue> KEY = Map.of(Keys.PK, Attrs.s("ROUTING"), Keys.SK, Attrs.s("QUEUE"));

    @Override
    public boolean markDirty(String instanceId) {
        Map<String, AttributeValue> old = table.client().updateItem(u -> u.tableName(table.name()).key(KEY)
                .updateExpression("ADD dirty :id SET pending = :true")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromSs(java.util.List.of(instanceId)), ":true", AttributeValue.fromBool(true)))
                .returnValues(ReturnValue.UPDATED_OLD)).attributes();
        return old == null || !Boolean.TRUE.equals(old.getOrDefault("pending", AttributeValue.fromBool(false)).bool());
    }

    @Override
    public Set<String> takeDirty() {
        Map<String, AttributeValue> old = table.client().updateItem(u -> u.tableName(table.name()).key(KEY)
                .updateExpression("REMOVE dirty SET pending = :false")
                .expressionAttributeValues(Map.of(":false", AttributeValue.fromBool(false)))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        return old == null || !old.containsKey("dirty") ? Set.of() : Set.copyOf(old.get("dirty").ss());
    }
}
