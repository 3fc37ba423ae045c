package dev.berth.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.http.Etags;
import dev.berth.core.json.Json;
import dev.berth.core.nodes.Node;
import dev.berth.core.nodes.NodeService;
import java.util.List;
import java.util.Set;

/** Nodes as JSON, and what a client may ask for. */
public final class NodeJson {
    private NodeJson() {
    }

    public static NodeService.Draft read(JsonNode body) {
        FieldReader fields = new FieldReader(body).allowOnly(Set.of("name", "role", "size", "image"),
                Set.of("id", "status", "address", "createdAt", "updatedAt", "version", "etag", "workloads"), "a node");
        String roleText = fields.text("role");
        Node.Role role = roleText == null ? null : Node.Role.fromWire(roleText).orElse(null);
        if (roleText != null && role == null) {
            fields.problem("role", "must be docker or web");
        }
        NodeService.Draft draft = new NodeService.Draft(fields.text("name"), role, fields.text("size"), fields.text("image"));
        fields.done();
        return draft;
    }

    public static ObjectNode of(Node n, List<String> workloads) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", n.id());
        node.put("name", n.name());
        node.put("role", n.role().wireName());
        node.put("size", n.size());
        node.put("image", n.image());
        node.put("status", n.status().wireName());
        if (n.vm().ipv4() != null) {
            node.put("address", n.vm().ipv4());
        }
        if (n.failureReason() != null) {
            node.put("failureReason", n.failureReason());
        }
        if (workloads != null) {
            workloads.forEach(node.putArray("workloads")::add);
        }
        node.put("createdAt", n.createdAt().toString());
        node.put("updatedAt", n.updatedAt().toString());
        node.put("version", n.version());
        node.put("etag", Etags.of(n.version()));
        return node;
    }
}
