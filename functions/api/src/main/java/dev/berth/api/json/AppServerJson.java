package dev.berth.api.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.http.Etags;
import dev.berth.core.auth.Principal;
import dev.berth.core.config.BerthConfig;
import dev.berth.core.json.JsonTrees;
import dev.berth.core.domain.AppServer;

/** App servers as JSON: a summary in lists, the full record (with its settings snapshot) alone. */
public final class AppServerJson {
    private final InstanceJson instances;
    private final BerthConfig config;

    public AppServerJson(InstanceJson instances, BerthConfig config) {
        this.instances = instances;
        this.config = config;
    }

    /** The summary in lists; the VM's addresses only for callers who see internals. */
    public ObjectNode summary(AppServer server, Principal caller) {
        ObjectNode node = JsonTrees.object();
        node.put("id", server.id());
        node.put("instanceId", server.instanceId());
        node.put("status", server.status().wireName());
        node.put("active", server.active());
        if (caller.seesInternals()) {
            vm(server, node.putObject("vm"));
        }
        if (server.failureReason() != null) {
            node.put("failureReason", server.failureReason());
        }
        node.put("createdAt", server.createdAt().toString());
        node.put("updatedAt", server.updatedAt().toString());
        node.put("version", server.version());
        node.put("etag", Etags.of(server.version()));
        node.put("logsUrl", "/api/v1/appservers/" + server.id() + "/logs");
        return node;
    }

    private static void vm(AppServer server, ObjectNode vm) {
        vm.put("serverId", server.vm().serverId());
        vm.put("hostname", server.vm().hostname());
        vm.put("ipv4", server.vm().ipv4());
        if (server.vm().sshPort() != null) {
            vm.put("sshPort", server.vm().sshPort());
        }
        vm.put("httpUrl", server.vm().httpUrl());
    }

    /**
     * The full record with its preview link; the credentials only for those who may use them
     * (managers and admins), as Ocim's console shows them.
     */
    public ObjectNode full(AppServer server, Principal caller) {
        boolean withCredentials = caller.seesInternals();
        ObjectNode node = summary(server, caller);
        if (withCredentials) {
            node.set("settings", instances.settingsNode(server.settings()));
        }
        if (server.preview() != null) {
            ObjectNode preview = node.putObject("preview");
            preview.put("host", server.previewHost());
            if (withCredentials) {
                String user = server.preview().username();
                String password = server.preview().password();
                preview.put("username", user);
                preview.put("password", password);
                preview.put("url", config.publicUrl(server.previewHost(), user + ":" + password));
            } else {
                preview.put("url", config.publicUrl(server.previewHost(), null));
            }
        }
        return node;
    }
}
