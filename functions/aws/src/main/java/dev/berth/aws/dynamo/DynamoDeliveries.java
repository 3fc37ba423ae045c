package dev.berth.aws.dynamo;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Webhook deliveries already received (by GitHub's delivery id), kept a few days: a redelivery has no second effect. */
record DynamoDeliveries(DynamoDbClient client, String table) implements dev.berth.core.repository.Deliveries {

    /** True the first time a delivery id is seen. */
    @Override
    public boolean firstTime(String deliveryId, Instant now) {
        try {
            client.putItem(p -> p.tableName(table).item(Map.of(
                    Keys.PK, Attrs.s("DELIVERY#" + deliveryId), Keys.SK, Attrs.s("DELIVERY"),
                    "receivedAt", Attrs.s(now.toString()),
                    Keys.EXPIRES_AT, Attrs.n(now.plus(KEEP).getEpochSecond())))
                    .conditionExpression("attribute_not_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
