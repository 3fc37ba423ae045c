package dev.berth.api.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.data.DataPlacement;
import dev.berth.core.data.InstanceData;
import dev.berth.core.data.backup.Backup;
import dev.berth.core.json.Json;

/** An instance's data set (placements, no passwords) and its backups as JSON. */
public final class DataSetJson {
    private DataSetJson() {
    }

    public static ObjectNode of(String instanceId, InstanceData data) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("instanceId", instanceId);
        if (data == null) {
            node.put("state", "none");
            node.putArray("placements");
            return node;
        }
        node.put("state", data.state().wireName());
        node.put("rotating", data.rotating());
        ArrayNode placements = node.putArray("placements");
        for (DataPlacement p : data.placements()) {
            ObjectNode placement = placements.addObject();
            placement.put("kind", p.kind().wireName());
            placement.put("serverId", p.serverId());
            p.databases().forEach(placement.putArray("databases")::add);
            if (p.user() != null) {
                placement.put("user", p.user());
            }
            if (p.retiringUser() != null) {
                placement.put("retiringUser", p.retiringUser());
            }
        }
        node.put("createdAt", data.createdAt().toString());
        node.put("updatedAt", data.updatedAt().toString());
        return node;
    }

    public static ObjectNode backup(Backup b) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", b.id());
        node.put("instanceId", b.instanceId());
        node.put("state", b.state().wireName());
        node.put("trigger", b.trigger());
        if (b.source() != null) {
            node.put("source", b.source());
        }
        node.put("requestedBy", b.requestedBy());
        node.put("createdAt", b.createdAt().toString());
        if (b.finishedAt() != null) {
            node.put("finishedAt", b.finishedAt().toString());
            node.put("durationMs", b.durationMillis());
        }
        node.put("sizeBytes", b.sizeBytes());
        ArrayNode files = node.putArray("files");
        for (Backup.BackupFile f : b.files()) {
            files.addObject().put("kind", f.kind()).put("name", f.key().substring(f.key().lastIndexOf('/') + 1)).put("databases", f.database())
                    .put("sizeBytes", f.sizeBytes()).put("sha256", f.sha256());
        }
        if (b.failureReason() != null) {
            node.put("failureReason", b.failureReason());
        }
        if (b.lastRestore() != null) {
            Backup.Restore r = b.lastRestore();
            ObjectNode restore = node.putObject("lastRestore");
            restore.put("state", r.state());
            restore.put("requestedBy", r.requestedBy());
            if (r.target() != null) {
                restore.put("target", r.target());
            }
            restore.put("startedAt", r.startedAt().toString());
            if (r.finishedAt() != null) {
                restore.put("finishedAt", r.finishedAt().toString());
            }
            if (r.failureReason() != null) {
                restore.put("failureReason", r.failureReason());
            }
        }
        node.put("version", b.version());
        return node;
    }
}
