package dev.berth.core.testing.memory;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.error.BerthException;
import dev.berth.core.nodes.Node;
import dev.berth.core.repository.Nodes;
import dev.berth.core.repository.Page;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Nodes} in memory; names are unique. */
final class InMemoryNodes implements Nodes {
    private final MemoryTable table;
    private final Map<String, Node> byId = new HashMap<>();

    InMemoryNodes(MemoryTable table) {
        this.table = table;
    }

    @Override
    public Optional<Node> find(String id) {
        synchronized (table.lock) {
            return Optional.ofNullable(byId.get(id));
        }
    }

    @Override
    public void create(Node node, AuditEntry entry) {
        synchronized (table.lock) {
            if (byId.values().stream().anyMatch(n -> n.name().equals(node.name()))) {
                throw BerthException.conflict("duplicate_name", "A node is already named " + node.name(), Map.of("fields", Map.of("name", "is taken")));
            }
            byId.put(node.id(), node);
            table.audit.add(entry);
        }
    }

    @Override
    public void update(Node before, Node after, AuditEntry entry) {
        synchronized (table.lock) {
            Node stored = byId.get(before.id());
            MemoryTable.checkVersion("Node", before.id(), stored == null ? null : stored.version(), before.version());
            byId.put(after.id(), after);
            if (entry != null) {
                table.audit.add(entry);
            }
        }
    }

    @Override
    public void delete(Node node, AuditEntry entry) {
        synchronized (table.lock) {
            Node stored = byId.get(node.id());
            MemoryTable.checkVersion("Node", node.id(), stored == null ? null : stored.version(), node.version());
            byId.remove(node.id());
            table.audit.add(entry);
        }
    }

    @Override
    public Page<Node> list(Node.Role role, int limit, String cursor) {
        synchronized (table.lock) {
            List<Node> matching = byId.values().stream().filter(n -> role == null || n.role() == role).toList();
            return table.page(matching, n -> n.role().wireName() + "#" + n.name() + "#" + n.id(), false,
                    "nodes:" + (role == null ? "" : role.wireName()), cursor, limit);
        }
    }
}
