package dev.berth.aws.dynamo;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.data.DataKind;
import dev.berth.core.data.DataServer;
import dev.berth.core.data.DataServerService;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.DataServers;
import dev.berth.core.repository.Page;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Data servers. The tenant count lives on the server item and only placements change it (with
 * ADD, in their transactions), so an admin's change writes the admin fields alone, at the
 * version, and never a stale count. A name item keeps names unique.
 */
record DynamoDataServers(DynamoTable table) implements DataServers {
    private static final String SK = "SERVER";
    private static final String ALL = "DATASERVERS";

    @Override
    public Optional<DataServer> find(String id) {
        return table.get(key(id)).map(DynamoDataServers::fromItem);
    }

    @Override
    public void create(DataServer server, AuditEntry entry) {
        table.transact(List.of(table.putNew(toItem(server)), table.putNew(nameGuard(server)), table.audit(entry)),
                (index, current) -> duplicateName(server));
    }

    @Override
    public void update(DataServer before, DataServer after, AuditEntry entry) {
        Map<String, AttributeValue> values = new HashMap<>(adminFields(after));
        values.put(":expected", Attrs.n(before.version()));
        StringBuilder set = new StringBuilder();
        Map<String, String> names = new HashMap<>();
        for (String field : adminFields(after).keySet()) {
            String attribute = field.substring(1);
            names.put("#" + attribute, attribute);
            set.append(set.isEmpty() ? "SET " : ", ").append('#').append(attribute).append(" = ").append(field);
        }
        names.put("#version", Keys.VERSION);
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(key(before.id()))
                .updateExpression(set.toString()).conditionExpression("#version = :expected")
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build());
        items.add(table.audit(entry));
        boolean renamed = !before.name().equalsIgnoreCase(after.name());
        if (renamed) {
            items.add(table.putNew(nameGuard(after)));
            items.add(table.delete(nameGuardKey(before.name())));
        }
        table.transact(items, (index, current) -> index == 0 ? DynamoTable.staleOrGone("Data server", before.id(), current) : duplicateName(after));
    }

    @Override
    public void delete(DataServer server, AuditEntry entry) {
        TransactWriteItem delete = TransactWriteItem.builder().delete(d -> d.tableName(table.name()).key(key(server.id()))
                .conditionExpression("#v = :expected AND tenants = :none")
                .expressionAttributeNames(Map.of("#v", Keys.VERSION))
                .expressionAttributeValues(Map.of(":expected", Attrs.n(server.version()), ":none", Attrs.n(0)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();
        table.transact(List.of(delete, table.delete(nameGuardKey(server.name())), table.audit(entry)), (index, current) -> {
            if (!current.isEmpty() && Attrs.num(current, Keys.VERSION) == server.version()) {
                DataServer now = fromItem(current);
                return DataServerService.inUse(now, new DynamoInstanceDataSets(table).tenantsOf(server.id(), 20));
            }
            return DynamoTable.staleOrGone("Data server", server.id(), current);
        });
    }

    @Override
    public Page<DataServer> list(DataKind kind, int limit, String cursor) {
        QueryRequest.Builder query = kind == null
                ? QueryRequest.builder().indexName(Keys.GSI1).keyConditionExpression("GSI1PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", Attrs.s(ALL)))
                : QueryRequest.builder().indexName(Keys.GSI2).keyConditionExpression("GSI2PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", Attrs.s(ALL + "#" + kind.wireName())));
        return table.page(query.limit(limit), "data-servers:" + (kind == null ? "" : kind.wireName()), cursor, DynamoDataServers::fromItem);
    }

    @Override
    public List<DataServer> all(DataKind kind) {
        List<DataServer> servers = new ArrayList<>();
        String cursor = null;
        do {
            Page<DataServer> page = list(kind, 100, cursor);
            // The index is eventually consistent: read each server's item for its current count.
            page.items().forEach(s -> find(s.id()).ifPresent(servers::add));
            cursor = page.nextCursor();
        } while (cursor != null);
        return servers;
    }

    static Map<String, AttributeValue> key(String id) {
        return Map.of(Keys.PK, Attrs.s("DATASERVER#" + id), Keys.SK, Attrs.s(SK));
    }

    private static Map<String, AttributeValue> nameGuardKey(String name) {
        return Map.of(Keys.PK, Attrs.s("DATASERVERNAME#" + name.toLowerCase(Locale.ROOT)), Keys.SK, Attrs.s("GUARD"));
    }

    private static Map<String, AttributeValue> nameGuard(DataServer server) {
        Map<String, AttributeValue> guard = new HashMap<>(nameGuardKey(server.name()));
        guard.put("serverId", Attrs.s(server.id()));
        return guard;
    }

    private static BerthException duplicateName(DataServer server) {
        return BerthException.conflict("duplicate_name", "A data server is already named " + server.name(),
                Map.of("fields", Map.of("name", "is taken")));
    }

    /** The fields an admin changes, as {@code :attribute} values (everything but counts and creation). */
    private static Map<String, AttributeValue> adminFields(DataServer s) {
        Map<String, AttributeValue> fields = new HashMap<>();
        fields.put(":name", Attrs.s(s.name()));
        fields.put(":host", Attrs.s(s.host()));
        fields.put(":port", Attrs.n(s.port()));
        fields.put(":adminPort", Attrs.n(s.adminPort()));
        fields.put(":adminUser", Attrs.s(s.adminUser()));
        fields.put(":capacity", Attrs.n(s.capacity()));
        fields.put(":state", Attrs.s(s.state().wireName()));
        fields.put(":updatedAt", Attrs.s(s.updatedAt().toString()));
        fields.put(":GSI1SK", Attrs.s(sortKey(s)));
        fields.put(":GSI2SK", Attrs.s(sortKey(s)));
        fields.put(":" + Keys.VERSION, Attrs.n(s.version()));
        return fields;
    }

    private static String sortKey(DataServer s) {
        return s.name().toLowerCase(Locale.ROOT) + "#" + s.id();
    }

    private static Map<String, AttributeValue> toItem(DataServer s) {
        Map<String, AttributeValue> item = new HashMap<>(key(s.id()));
        item.put(Keys.GSI1PK, Attrs.s(ALL));
        item.put(Keys.GSI2PK, Attrs.s(ALL + "#" + s.kind().wireName()));
        adminFields(s).forEach((field, value) -> item.put(field.substring(1), value));
        item.put("type", Attrs.s("dataServer"));
        item.put("id", Attrs.s(s.id()));
        item.put("kind", Attrs.s(s.kind().wireName()));
        Attrs.putS(item, "bucket", s.bucket());
        item.put("tenants", Attrs.n(s.tenants()));
        Attrs.putTime(item, "createdAt", s.createdAt());
        return item;
    }

    static DataServer fromItem(Map<String, AttributeValue> item) {
        return new DataServer(Attrs.str(item, "id"), Attrs.str(item, "name"), DataKind.fromWire(Attrs.str(item, "kind")).orElseThrow(),
                Attrs.str(item, "host"), (int) Attrs.num(item, "port"), (int) Attrs.num(item, "adminPort"), Attrs.str(item, "adminUser"),
                Attrs.str(item, "bucket"), (int) Attrs.num(item, "capacity"), DataServer.State.fromWire(Attrs.str(item, "state")).orElseThrow(),
                (int) Attrs.num(item, "tenants"), Attrs.time(item, "createdAt"), Attrs.time(item, "updatedAt"), Attrs.num(item, Keys.VERSION));
    }
}
