package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.JsonBodies;
import dev.berth.api.http.Paging;
import dev.berth.api.json.DataSetJson;
import dev.berth.api.json.FieldReader;
import dev.berth.api.json.ListJson;
import dev.berth.core.data.backup.Backup;
import java.util.Set;

/** A postgresql service's database: dumps of a colour through the data tier's backups, restores into a colour (202). */
public final class ServiceDatabaseHandler extends ApiHandler {

    public ServiceDatabaseHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public ServiceDatabaseHandler(ApiRoot root) {
        route("POST /api/v1/services/{name}/database/dump", r -> {
            FieldReader fields = new FieldReader(JsonBodies.object(r)).allowOnly(Set.of("colour"), Set.of(), "a dump");
            String colour = fields.text("colour");
            fields.done();
            return located(root.serviceDatabases().dump(root.caller(r), r.pathParameter("name"), colour), r);
        });
        route("POST /api/v1/services/{name}/database/restore", r -> {
            FieldReader fields = new FieldReader(JsonBodies.object(r)).allowOnly(Set.of("backupId", "colour"), Set.of(), "a restore");
            String backupId = fields.text("backupId");
            String colour = fields.text("colour");
            fields.done();
            return located(root.serviceDatabases().restore(root.caller(r), r.pathParameter("name"), backupId, colour,
                    Etags.expectedVersion(r.header("if-match"))), r);
        });
        route("GET /api/v1/services/{name}/database/backups", r -> {
            Paging paging = Paging.from(r);
            return ApiResponse.json(200, ListJson.of(root.serviceDatabases().list(root.caller(r), r.pathParameter("name"), paging.limit(),
                    paging.cursor()).map(DataSetJson::backup)));
        });
        route("GET /api/v1/services/{name}/database/backups/{backupId}", r -> {
            Backup backup = root.serviceDatabases().get(root.caller(r), r.pathParameter("name"), r.pathParameter("backupId"));
            return ApiResponse.json(200, DataSetJson.backup(backup)).header("ETag", Etags.of(backup.version()));
        });
    }

    private static ApiResponse located(Backup backup, ApiRequest r) {
        return ApiResponse.json(202, DataSetJson.backup(backup))
                .header("Location", "/api/v1/services/" + r.pathParameter("name") + "/database/backups/" + backup.id());
    }
}
