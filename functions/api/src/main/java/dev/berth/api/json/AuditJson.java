package dev.berth.api.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.json.Json;

/** Audit entries as JSON; versions are null where the item did not exist before or after. */
public final class AuditJson {
    private AuditJson() {
    }

    public static ObjectNode of(AuditEntry entry) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("target", entry.target());
        node.put("targetType", entry.targetType());
        node.put("action", entry.action());
        node.put("actor", entry.actor());
        node.put("at", entry.at().toString());
        node.put("oldVersion", entry.oldVersion());
        node.put("newVersion", entry.newVersion());
        node.put("summary", entry.summary());
        return node;
    }
}
