package dev.berth.aws.dynamo;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.data.DataPlacement;
import dev.berth.core.data.InstanceData;
import dev.berth.core.error.BerthException;
import dev.berth.core.json.Json;
import dev.berth.core.repository.InstanceDataSets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Instances' data sets ({@code INSTANCE#id / DATA}) and one tenancy item per placement under its
 * server ({@code DATASERVER#id / TENANT#instance}), written with the server's count in one
 * transaction: the count and the tenancy items cannot disagree.
 */
record DynamoInstanceDataSets(DynamoTable table) implements InstanceDataSets {
    private static final TypeReference<List<DataPlacement>> PLACEMENTS = new TypeReference<>() {
    };

    @Override
    public Optional<InstanceData> find(String instanceId) {
        return table.get(key(instanceId)).map(DynamoInstanceDataSets::fromItem);
    }

    @Override
    public boolean place(InstanceData data, AuditEntry entry) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(table.putNew(toItem(data)));
        for (DataPlacement p : data.placements()) {
            items.add(table.putNew(tenancy(p.serverId(), data.instanceId())));
            items.add(TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(DynamoDataServers.key(p.serverId()))
                    .updateExpression("ADD tenants :one")
                    .conditionExpression("#state = :accepting AND tenants < #capacity")
                    .expressionAttributeNames(Map.of("#state", "state", "#capacity", "capacity"))
                    .expressionAttributeValues(Map.of(":one", Attrs.n(1), ":accepting", Attrs.s("accepting")))).build());
        }
        items.add(table.audit(entry));
        try {
            table.transact(items, (index, current) -> index == 0 ? BerthException.conflict("already_placed", "placed", Map.of())
                    : BerthException.conflict("data_server_full", "A data server filled up or stopped accepting meanwhile", Map.of()));
            return true;
        } catch (BerthException e) {
            if ("already_placed".equals(e.code())) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void update(InstanceData before, InstanceData after, AuditEntry entry) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(table.putAtVersion(toItem(after), before.version()));
        if (entry != null) {
            items.add(table.audit(entry));
        }
        table.transact(items, (index, current) -> DynamoTable.staleOrGone("Data set", before.instanceId(), current));
    }

    @Override
    public void release(InstanceData data, AuditEntry entry) {
        Optional<InstanceData> stored = find(data.instanceId());
        if (stored.isEmpty()) {
            return;
        }
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(table.deleteAtVersion(key(data.instanceId()), stored.get().version()));
        for (DataPlacement p : stored.get().placements()) {
            items.add(table.delete(tenancyKey(p.serverId(), data.instanceId())));
            items.add(TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(DynamoDataServers.key(p.serverId()))
                    .updateExpression("ADD tenants :minus").conditionExpression("attribute_exists(PK)")
                    .expressionAttributeValues(Map.of(":minus", Attrs.n(-1)))).build());
        }
        items.add(table.audit(entry));
        table.transact(items, (index, current) -> DynamoTable.staleOrGone("Data set", data.instanceId(), current));
    }

    @Override
    public List<String> tenantsOf(String serverId, int limit) {
        return table.client().query(q -> q.tableName(table.name()).keyConditionExpression("PK = :pk AND begins_with(SK, :tenant)")
                        .expressionAttributeValues(Map.of(":pk", Attrs.s("DATASERVER#" + serverId), ":tenant", Attrs.s("TENANT#")))
                        .consistentRead(true).limit(limit))
                .items().stream().map(item -> Attrs.str(item, "instanceId")).toList();
    }

    private static Map<String, AttributeValue> key(String instanceId) {
        return Map.of(Keys.PK, Attrs.s(Keys.instance(instanceId)), Keys.SK, Attrs.s("DATA"));
    }

    private static Map<String, AttributeValue> tenancyKey(String serverId, String instanceId) {
        return Map.of(Keys.PK, Attrs.s("DATASERVER#" + serverId), Keys.SK, Attrs.s("TENANT#" + instanceId));
    }

    private static Map<String, AttributeValue> tenancy(String serverId, String instanceId) {
        Map<String, AttributeValue> item = new HashMap<>(tenancyKey(serverId, instanceId));
        item.put("instanceId", Attrs.s(instanceId));
        return item;
    }

    private static Map<String, AttributeValue> toItem(InstanceData d) {
        Map<String, AttributeValue> item = new HashMap<>(key(d.instanceId()));
        item.put("type", Attrs.s("dataSet"));
        item.put("instanceId", Attrs.s(d.instanceId()));
        item.put("placements", Attrs.s(Json.write(d.placements())));
        item.put("state", Attrs.s(d.state().wireName()));
        Attrs.putTime(item, "createdAt", d.createdAt());
        Attrs.putTime(item, "updatedAt", d.updatedAt());
        item.put(Keys.VERSION, Attrs.n(d.version()));
        return item;
    }

    private static InstanceData fromItem(Map<String, AttributeValue> item) {
        try {
            return new InstanceData(Attrs.str(item, "instanceId"), Json.MAPPER.readValue(Attrs.str(item, "placements"), PLACEMENTS),
                    InstanceData.State.valueOf(Attrs.str(item, "state").toUpperCase(java.util.Locale.ROOT)),
                    Attrs.time(item, "createdAt"), Attrs.time(item, "updatedAt"), Attrs.num(item, Keys.VERSION));
        } catch (IOException e) {
            throw new UncheckedIOException("An unreadable data set item for " + Attrs.str(item, "instanceId"), e);
        }
    }
}
