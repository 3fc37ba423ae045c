package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.Paging;
import dev.berth.api.json.DataSetJson;
import dev.berth.api.json.DrupalJson;
import dev.berth.api.json.ListJson;
import dev.berth.core.data.backup.Backup;
import dev.berth.core.drupal.Site;

/** A Drupal site's backups (its database and files) and restores into a site that is down. */
public final class SiteBackupsHandler extends ApiHandler {

    public SiteBackupsHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public SiteBackupsHandler(ApiRoot root) {
        route("POST /api/v1/sites/{id}/backups", r -> {
            Backup backup = root.siteBackups().backUp(root.caller(r), r.pathParameter("id"), "manual");
            return ApiResponse.json(202, DataSetJson.backup(backup))
                    .header("Location", "/api/v1/sites/" + r.pathParameter("id") + "/backups/" + backup.id());
        });
        route("GET /api/v1/sites/{id}/backups", r -> {
            Paging paging = Paging.from(r);
            return ApiResponse.json(200, ListJson.of(root.siteBackups().list(root.caller(r), r.pathParameter("id"), paging.limit(),
                    paging.cursor()).map(DataSetJson::backup)));
        });
        route("GET /api/v1/sites/{id}/backups/{backupId}", r -> {
            Backup backup = root.siteBackups().get(root.caller(r), r.pathParameter("id"), r.pathParameter("backupId"));
            return ApiResponse.json(200, DataSetJson.backup(backup)).header("ETag", Etags.of(backup.version()));
        });
        route("DELETE /api/v1/sites/{id}/backups/{backupId}", r -> {
            root.siteBackups().delete(root.caller(r), r.pathParameter("id"), r.pathParameter("backupId"),
                    () -> Etags.expectedVersion(r.header("if-match")));
            return ApiResponse.noContent();
        });
        route("POST /api/v1/sites/{id}/backups/{backupId}/restore", r -> {
            Site site = root.siteBackups().restore(root.caller(r), r.pathParameter("id"), r.pathParameter("backupId"),
                    Etags.expectedVersion(r.header("if-match")));
            return ApiResponse.json(202, DrupalJson.site(site)).header("ETag", Etags.of(site.version()));
        });
    }
}
