package dev.berth.aws.dynamo;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.data.backup.Backup;
import dev.berth.core.json.Json;
import dev.berth.core.repository.Backups;
import dev.berth.core.repository.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** Backups under their instance ({@code INSTANCE#id / BACKUP#bk-<ulid>}): a query lists them newest first. */
record DynamoBackups(DynamoTable table) implements Backups {
    private static final TypeReference<List<Backup.BackupFile>> FILES = new TypeReference<>() {
    };

    @Override
    public Optional<Backup> find(String instanceId, String backupId) {
        return table.get(key(instanceId, backupId)).map(DynamoBackups::fromItem);
    }

    @Override
    public void create(Backup backup, AuditEntry entry) {
        table.transact(List.of(table.putNew(toItem(backup)), table.audit(entry)),
                (index, current) -> DynamoTable.staleOrGone("Backup", backup.id(), current));
    }

    @Override
    public void update(Backup before, Backup after, AuditEntry entry) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(table.putAtVersion(toItem(after), before.version()));
        if (entry != null) {
            items.add(table.audit(entry));
        }
        table.transact(items, (index, current) -> DynamoTable.staleOrGone("Backup", before.id(), current));
    }

    @Override
    public void delete(Backup backup, AuditEntry entry) {
        table.transact(List.of(table.deleteAtVersion(key(backup.instanceId(), backup.id()), backup.version()), table.audit(entry)),
                (index, current) -> DynamoTable.staleOrGone("Backup", backup.id(), current));
    }

    @Override
    public Page<Backup> list(String instanceId, int limit, String cursor) {
        return table.page(QueryRequest.builder().keyConditionExpression("PK = :pk AND begins_with(SK, :backup)")
                        .expressionAttributeValues(Map.of(":pk", Attrs.s(Keys.instance(instanceId)), ":backup", Attrs.s("BACKUP#")))
                        .scanIndexForward(false).consistentRead(true).limit(limit),
                "backups:" + instanceId, cursor, DynamoBackups::fromItem);
    }

    private static Map<String, AttributeValue> key(String instanceId, String backupId) {
        return Map.of(Keys.PK, Attrs.s(Keys.instance(instanceId)), Keys.SK, Attrs.s("BACKUP#" + backupId));
    }

    private static Map<String, AttributeValue> toItem(Backup b) {
        Map<String, AttributeValue> item = new HashMap<>(key(b.instanceId(), b.id()));
        item.put("type", Attrs.s("backup"));
        item.put("instanceId", Attrs.s(b.instanceId()));
        item.put("id", Attrs.s(b.id()));
        item.put("state", Attrs.s(b.state().wireName()));
        Attrs.putS(item, "trigger", b.trigger());
        Attrs.putS(item, "source", b.source());
        Attrs.putS(item, "requestedBy", b.requestedBy());
        Attrs.putTime(item, "createdAt", b.createdAt());
        Attrs.putTime(item, "finishedAt", b.finishedAt());
        item.put("sizeBytes", Attrs.n(b.sizeBytes()));
        item.put("files", Attrs.s(Json.write(b.files())));
        Attrs.putS(item, "failureReason", b.failureReason());
        if (b.lastRestore() != null) {
            Backup.Restore r = b.lastRestore();
            Attrs.putS(item, "restoreState", r.state());
            Attrs.putS(item, "restoreRequestedBy", r.requestedBy());
            Attrs.putTime(item, "restoreStartedAt", r.startedAt());
            Attrs.putTime(item, "restoreFinishedAt", r.finishedAt());
            Attrs.putS(item, "restoreFailureReason", r.failureReason());
            Attrs.putS(item, "restoreTarget", r.target());
        }
        item.put(Keys.VERSION, Attrs.n(b.version()));
        return item;
    }

    private static Backup fromItem(Map<String, AttributeValue> item) {
        Backup.Restore restore = item.containsKey("restoreState")
                ? new Backup.Restore(Attrs.str(item, "restoreState"), Attrs.str(item, "restoreRequestedBy"), Attrs.time(item, "restoreStartedAt"),
                        Attrs.time(item, "restoreFinishedAt"), Attrs.str(item, "restoreFailureReason"),
                        Attrs.str(item, "restoreTarget"))
                : null;
        try {
            return new Backup(Attrs.str(item, "instanceId"), Attrs.str(item, "id"),
                    Backup.State.valueOf(Attrs.str(item, "state").toUpperCase(Locale.ROOT)), Attrs.str(item, "trigger"),
                    Attrs.str(item, "source"), Attrs.str(item, "requestedBy"), Attrs.time(item, "createdAt"), Attrs.time(item, "finishedAt"), Attrs.num(item, "sizeBytes"),
                    Json.MAPPER.readValue(Attrs.str(item, "files"), FILES), Attrs.str(item, "failureReason"), restore, Attrs.num(item, Keys.VERSION));
        } catch (IOException e) {
            throw new UncheckedIOException("An unreadable backup item " + Attrs.str(item, "id"), e);
        }
    }
}
