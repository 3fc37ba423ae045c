package dev.berth.core.repository;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.error.BerthException;
import dev.berth.core.nodes.Node;
import java.util.List;
import java.util.Optional;

/** Nodes: VMs for container services and Drupal web servers. Names are unique. */
public interface Nodes {

    Optional<Node> find(String id);

    default Node get(String id) {
        return find(id).orElseThrow(() -> BerthException.notFound("Node", id));
    }

    /** 409 {@code duplicate_name} when the name is taken. */
    void create(Node node, AuditEntry entry);

    /** A conditional write at {@code before}'s version; {@code entry} may be null for progress that is not audited. */
    void update(Node before, Node after, AuditEntry entry);

    void delete(Node node, AuditEntry entry);

    /** By name; {@code role} null for every role. */
    Page<Node> list(Node.Role role, int limit, String cursor);

    /** Every node of a role (pools are small), e.g. the web servers a code item deploys to. */
    default List<Node> all(Node.Role role) {
        List<Node> nodes = new java.util.ArrayList<>();
        String cursor = null;
        do {
            Page<Node> page = list(role, 100, cursor);
            nodes.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return nodes;
    }
}
