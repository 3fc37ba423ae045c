package dev.berth.aws.dynamo;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.repository.AuditLog;
import dev.berth.core.repository.Page;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** The audit log's partition per item ({@code AUDIT#target}); entries are written by {@link DynamoTable#audit}. */
record DynamoAuditLog(DynamoTable table) implements AuditLog {

    @Override
    public void record(AuditEntry entry) {
        table.transact(java.util.List.of(table.audit(entry)), (index, current) -> dev.berth.core.error.BerthException.conflict(
                "transaction_conflict", "retry", Map.of()));
    }

    @Override
    public Page<AuditEntry> list(String target, int limit, String cursor) {
        return table.page(QueryRequest.builder().keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", Attrs.s(Keys.audit(target)))).scanIndexForward(false).limit(limit),
                "audit:" + target, cursor, DynamoAuditLog::fromItem);
    }

    private static AuditEntry fromItem(Map<String, AttributeValue> item) {
        return new AuditEntry(Attrs.str(item, "target"), Attrs.str(item, "targetType"), Attrs.str(item, "action"),
                Attrs.str(item, "actor"), Attrs.time(item, "at"),
                item.containsKey("oldVersion") ? Attrs.num(item, "oldVersion") : null,
                item.containsKey("newVersion") ? Attrs.num(item, "newVersion") : null,
                Attrs.str(item, "summary"));
    }
}
