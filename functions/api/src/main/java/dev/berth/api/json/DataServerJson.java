package dev.berth.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.http.Etags;
import dev.berth.core.data.DataKind;
import dev.berth.core.data.DataServer;
import dev.berth.core.data.DataServerDraft;
import dev.berth.core.json.Json;
import java.util.List;
import java.util.Set;

/** Data servers as JSON, and what a client may write (the admin password only in, never out). */
public final class DataServerJson {
    private static final Set<String> WRITABLE = Set.of("name", "kind", "host", "port", "adminPort", "adminUser", "adminPassword",
            "bucket", "capacity", "state");
    private static final Set<String> READ_ONLY = Set.of("id", "tenants", "instances", "createdAt", "updatedAt", "version", "etag");

    private DataServerJson() {
    }

    /** A create body, or a merge patch over {@code current} (null on create). */
    public static DataServerDraft read(JsonNode node, DataServerDraft current) {
        FieldReader fields = new FieldReader(node).allowOnly(WRITABLE, READ_ONLY, "a data server");
        String kindText = fields.text("kind");
        DataKind kind = kindText == null ? (current == null ? null : current.kind()) : DataKind.fromWire(kindText).orElse(null);
        if (kindText != null && kind == null) {
            fields.problem("kind", "must be one of " + DataKind.wireNames());
        }
        String stateText = fields.text("state");
        DataServer.State state = stateText == null ? (current == null ? null : current.state()) : DataServer.State.fromWire(stateText).orElse(null);
        if (stateText != null && state == null) {
            fields.problem("state", "must be accepting or draining");
        }
        DataServerDraft draft = new DataServerDraft(
                or(fields.text("name"), current == null ? null : current.name(), node.has("name")),
                kind,
                or(fields.text("host"), current == null ? null : current.host(), node.has("host")),
                integer(fields, node, "port", current == null ? null : current.port()),
                integer(fields, node, "adminPort", current == null ? null : current.adminPort()),
                or(fields.text("adminUser"), current == null ? null : current.adminUser(), node.has("adminUser")),
                or(fields.text("bucket"), current == null ? null : current.bucket(), node.has("bucket")),
                integer(fields, node, "capacity", current == null ? null : current.capacity()),
                state,
                fields.text("adminPassword"));
        fields.done();
        return draft;
    }

    private static String or(String given, String current, boolean present) {
        return present ? given : current;
    }

    private static Integer integer(FieldReader fields, JsonNode node, String field, Integer current) {
        if (!node.has(field) || node.get(field).isNull()) {
            return node.has(field) ? null : current;
        }
        return fields.integer(field, 0);
    }

    public static ObjectNode of(DataServer s, List<String> instances) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", s.id());
        node.put("name", s.name());
        node.put("kind", s.kind().wireName());
        node.put("host", s.host());
        node.put("port", s.port());
        if (s.adminPort() != 0) {
            node.put("adminPort", s.adminPort());
        }
        node.put("adminUser", s.adminUser());
        if (s.bucket() != null) {
            node.put("bucket", s.bucket());
        }
        node.put("capacity", s.capacity());
        node.put("state", s.state().wireName());
        node.put("tenants", s.tenants());
        if (instances != null) {
            instances.forEach(node.putArray("instances")::add);
        }
        node.put("createdAt", s.createdAt().toString());
        node.put("updatedAt", s.updatedAt().toString());
        node.put("version", s.version());
        node.put("etag", Etags.of(s.version()));
        return node;
    }
}
