package dev.berth.aws.dynamo;

import dev.berth.core.error.BerthException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Runs a TransactWriteItems and turns a failed condition into the error its item stands for. */
final class Transactions {

    /** Decides what a failed condition on item {@code index} means; {@code current} is the stored item, if any. */
    interface ConditionFailure {
        BerthException explain(int index, Map<String, AttributeValue> current);
    }

    private Transactions() {
    }

    static void write(DynamoDbClient client, List<TransactWriteItem> items, ConditionFailure onFailure) {
        try {
            client.transactWriteItems(r -> r.transactItems(items));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            for (int i = 0; i < reasons.size(); i++) {
                if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                    Map<String, AttributeValue> current = reasons.get(i).hasItem() ? reasons.get(i).item() : Map.of();
                    throw onFailure.explain(i, current);
                }
            }
            // TransactionConflict and throttling: another writer was in the middle; the caller may retry.
            throw BerthException.conflict("transaction_conflict",
                    "Another change to the same items was in progress; retry", Map.of());
        }
    }
}
