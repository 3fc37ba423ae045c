package dev.berth.api.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.json.Json;
import dev.berth.core.monitoring.Incident;
import java.time.Instant;
import java.util.Locale;

/** An incident as api.md shows it: lower-case notice kinds, times in ISO-8601, null while open. */
public final class IncidentJson {
    private IncidentJson() {
    }

    public static ObjectNode of(Incident incident) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", incident.id());
        node.put("instanceId", incident.instanceId());
        node.put("instanceName", incident.instanceName());
        node.put("url", incident.url());
        node.put("status", incident.open() ? "open" : "closed");
        node.put("reason", incident.reason());
        node.put("openedAt", incident.openedAt().toString());
        time(node, "closedAt", incident.closedAt());
        time(node, "lastNotifiedAt", incident.lastNotifiedAt());
        ArrayNode notices = node.putArray("notices");
        for (Incident.Notice notice : incident.notices()) {
            ObjectNode n = notices.addObject();
            n.put("at", notice.at().toString());
            n.put("kind", notice.kind().name().toLowerCase(Locale.ROOT));
            ObjectNode channels = n.putObject("channels");
            notice.channels().forEach(channels::put);
        }
        node.put("version", incident.version());
        return node;
    }

    private static void time(ObjectNode node, String field, Instant at) {
        if (at == null) {
            node.putNull(field);
        } else {
            node.put(field, at.toString());
        }
    }
}
