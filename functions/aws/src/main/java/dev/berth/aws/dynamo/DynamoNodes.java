package dev.berth.aws.dynamo;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.error.BerthException;
import dev.berth.core.nodes.Node;
import dev.berth.core.repository.Nodes;
import dev.berth.core.repository.Page;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** Nodes ({@code NODE#id}), listed by name per role; a name item keeps names unique. */
record DynamoNodes(DynamoTable table) implements Nodes {

    @Override
    public Optional<Node> find(String id) {
        return table.get(key(id)).map(item -> DocumentItems.read(item, Node.class));
    }

    @Override
    public void create(Node node, AuditEntry entry) {
        Map<String, AttributeValue> guard = new HashMap<>(nameKey(node.name()));
        guard.put("nodeId", Attrs.s(node.id()));
        table.transact(List.of(table.putNew(item(node)), table.putNew(guard), table.audit(entry)),
                (index, current) -> BerthException.conflict("duplicate_name", "A node is already named " + node.name(),
                        Map.of("fields", Map.of("name", "is taken"))));
    }

    @Override
    public void update(Node before, Node after, AuditEntry entry) {
        List<TransactWriteItem> items = new ArrayList<>(List.of(table.putAtVersion(item(after), before.version())));
        if (entry != null) {
            items.add(table.audit(entry));
        }
        table.transact(items, (index, current) -> DynamoTable.staleOrGone("Node", before.id(), current));
    }

    @Override
    public void delete(Node node, AuditEntry entry) {
        table.transact(List.of(table.deleteAtVersion(key(node.id()), node.version()), table.delete(nameKey(node.name())), table.audit(entry)),
                (index, current) -> DynamoTable.staleOrGone("Node", node.id(), current));
    }

    @Override
    public Page<Node> list(Node.Role role, int limit, String cursor) {
        QueryRequest.Builder query = role == null
                ? QueryRequest.builder().indexName(Keys.GSI1).keyConditionExpression("GSI1PK = :pk").expressionAttributeValues(Map.of(":pk", Attrs.s("NODES")))
                : QueryRequest.builder().indexName(Keys.GSI1).keyConditionExpression("GSI1PK = :pk AND begins_with(GSI1SK, :role)")
                        .expressionAttributeValues(Map.of(":pk", Attrs.s("NODES"), ":role", Attrs.s(role.wireName() + "#")));
        return table.page(query.limit(limit), "nodes:" + (role == null ? "" : role.wireName()), cursor, item -> DocumentItems.read(item, Node.class));
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(Keys.PK, Attrs.s("NODE#" + id), Keys.SK, Attrs.s("NODE"));
    }

    private static Map<String, AttributeValue> nameKey(String name) {
        return Map.of(Keys.PK, Attrs.s("NODENAME#" + name), Keys.SK, Attrs.s("GUARD"));
    }

    private static Map<String, AttributeValue> item(Node node) {
        return DocumentItems.item(key(node.id()), "node", "NODES", node.role().wireName() + "#" + node.name() + "#" + node.id(), node, node.version());
    }
}
