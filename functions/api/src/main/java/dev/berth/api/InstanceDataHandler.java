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
        writeOnlySecretRoutes("/api/v1/instances/{id}/secrets", root::caller, root::instanceSecrets);
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
