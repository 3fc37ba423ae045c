package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.JsonBodies;
import dev.berth.api.http.Paging;
import dev.berth.api.json.DrupalJson;
import dev.berth.api.json.FieldReader;
import dev.berth.api.json.ListJson;
import dev.berth.core.drupal.Site;
import dev.berth.core.drupal.SiteService;
import dev.berth.core.drupal.SiteStatus;
import dev.berth.core.error.BerthException;
import java.util.Set;

/** Drupal sites: created pending (the warm pool), claimed, moved through their lifecycle, their code changed, deleted. */
public final class SitesHandler extends ApiHandler {
    private final ApiRoot root;

    public SitesHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public SitesHandler(ApiRoot root) {
        this.root = root;
        route("POST /api/v1/sites", r -> {
            SiteService.Created created = root.drupal().sites().create(root.caller(r), DrupalJson.readSite(JsonBodies.object(r), "a site"));
            // The statistics credential is shown once, like a token's secret.
            return ApiResponse.json(202, DrupalJson.site(created.site()).put("statisticsToken", created.statisticsToken()))
                    .header("Location", "/api/v1/sites/" + created.site().id()).header("ETag", Etags.of(created.site().version()));
        });
        route("POST /api/v1/sites/claim", r -> item(202, root.drupal().sites().claim(root.caller(r), DrupalJson.readSite(JsonBodies.object(r), "a claim"))));
        route("GET /api/v1/sites", r -> {
            Paging paging = Paging.from(r);
            return ApiResponse.json(200, ListJson.of(root.drupal().sites().list(root.caller(r), paging.limit(), paging.cursor()).map(DrupalJson::site)));
        });
        route("GET /api/v1/sites/{id}", r -> item(200, root.drupal().sites().get(root.caller(r), r.pathParameter("id"))));
        route("POST /api/v1/sites/{id}/status", this::status);
        route("PATCH /api/v1/sites/{id}/code", r -> item(202, root.drupal().sites().changeCode(root.caller(r), r.pathParameter("id"),
                Etags.expectedVersion(r.header("if-match")), DrupalJson.readSite(JsonBodies.mergePatch(r), "a code change"))));
        route("DELETE /api/v1/sites/{id}", r -> item(202, root.drupal().sites().delete(root.caller(r), r.pathParameter("id"),
                Etags.expectedVersion(r.header("if-match")))));
    }

    /** {@code {"status": "launching"}}: a lifecycle move (If-Match). */
    private ApiResponse status(ApiRequest r) {
        FieldReader fields = new FieldReader(JsonBodies.object(r)).allowOnly(Set.of("status"), Set.of(), "a status change");
        String text = fields.text("status");
        fields.done();
        SiteStatus target = SiteStatus.fromWire(text).orElseThrow(() -> BerthException.invalid("status", "is not a site status"));
        return item(202, root.drupal().sites().transition(root.caller(r), r.pathParameter("id"), Etags.expectedVersion(r.header("if-match")), target));
    }

    private static ApiResponse item(int status, Site site) {
        return ApiResponse.json(status, DrupalJson.site(site)).header("ETag", Etags.of(site.version()));
    }
}
