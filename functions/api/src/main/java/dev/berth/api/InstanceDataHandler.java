package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.Paging;
import dev.berth.api.json.DataSetJson;
import dev.berth.api.json.ListJson;
import dev.berth.core.data.backup.Backup;

/** An instance's persistent data: where it lives, its credentials' rotation, its backups and restores. */
public final class InstanceDataHandler extends ApiHandler {

    public InstanceDataHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public InstanceDataHandler(ApiRoot root) {
        route("GET /api/v1/instances/{id}/data", r -> ApiResponse.json(200, DataSetJson.of(r.pathParameter("id"),
                root.dataTier().provisioning().find(root.caller(r), r.pathParameter("id")).orElse(null))));
        route("POST /api/v1/instances/{id}/credentials/rotate", r -> ApiResponse.json(202, DataSetJson.of(r.pathParameter("id"),
                root.dataTier().provisioning().rotate(root.caller(r), r.pathParameter("id")))));
        route("GET /api/v1/instances/{id}/secrets", r -> {
            var body = dev.berth.core.json.Json.MAPPER.createObjectNode();
            root.instanceSecrets().names(root.caller(r), r.pathParameter("id")).forEach(body.putArray("names")::add);
            return ApiResponse.json(200, body);
        });
        route("PUT /api/v1/instances/{id}/secrets/{key}", r -> {
            dev.berth.api.json.FieldReader fields = new dev.berth.api.json.FieldReader(dev.berth.api.http.JsonBodies.object(r))
                    .allowOnly(java.util.Set.of("value"), java.util.Set.of(), "a secret");
            String value = fields.text("value");
            fields.done();
            root.instanceSecrets().put(root.caller(r), r.pathParameter("id"), r.pathParameter("key"), value);
            return ApiResponse.noContent();
        });
        route("DELETE /api/v1/instances/{id}/secrets/{key}", r -> {
            root.instanceSecrets().delete(root.caller(r), r.pathParameter("id"), r.pathParameter("key"));
            return ApiResponse.noContent();
        });
        route("POST /api/v1/instances/{id}/backups", r -> {
            Backup backup = root.dataTier().backups().start(root.caller(r), r.pathParameter("id"), "manual");
            return ApiResponse.json(202, DataSetJson.backup(backup))
                    .header("Location", "/api/v1/instances/" + backup.instanceId() + "/backups/" + backup.id());
        });
        route("GET /api/v1/instances/{id}/backups", r -> {
            Paging paging = Paging.from(r);
            return ApiResponse.json(200, ListJson.of(root.dataTier().backups().list(root.caller(r), r.pathParameter("id"), paging.limit(),
                    paging.cursor()).map(DataSetJson::backup)));
        });
        route("GET /api/v1/instances/{id}/backups/{backupId}", r -> {
            Backup backup = root.dataTier().backups().get(root.caller(r), r.pathParameter("id"), r.pathParameter("backupId"));
            return ApiResponse.json(200, DataSetJson.backup(backup)).header("ETag", Etags.of(backup.version()));
        });
        route("DELETE /api/v1/instances/{id}/backups/{backupId}", r -> {
            root.dataTier().backups().delete(root.caller(r), r.pathParameter("id"), r.pathParameter("backupId"),
                    Etags.expectedVersion(r.header("if-match")));
            return ApiResponse.noContent();
        });
        route("POST /api/v1/instances/{id}/backups/{backupId}/restore", r -> ApiResponse.json(202, DataSetJson.backup(
                root.dataTier().backups().restore(root.caller(r), r.pathParameter("id"), r.pathParameter("backupId"),
                        Etags.expectedVersion(r.header("if-match"))))));
    }
}
