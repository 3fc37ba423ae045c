package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.JsonBodies;
import dev.berth.api.http.Paging;
import dev.berth.api.json.DrupalJson;
import dev.berth.api.json.JsonMergePatch;
import dev.berth.api.json.ListJson;
import dev.berth.core.drupal.SiteRoute;

/** Routes of the Drupal sites' host: a site at another path, or a redirect. */
public final class SiteRoutesHandler extends ApiHandler {

    public SiteRoutesHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public SiteRoutesHandler(ApiRoot root) {
        route("POST /api/v1/routes", r -> {
            SiteRoute created = root.drupal().routes().create(root.caller(r), DrupalJson.readRoute(JsonBodies.object(r)));
            return item(201, created).header("Location", "/api/v1/routes/" + created.id());
        });
        route("GET /api/v1/routes", r -> {
            Paging paging = Paging.from(r);
            return ApiResponse.json(200, ListJson.of(root.drupal().routes().list(root.caller(r), paging.limit(), paging.cursor()).map(DrupalJson::route)));
        });
        route("GET /api/v1/routes/{id}", r -> item(200, root.drupal().routes().get(root.caller(r), r.pathParameter("id"))));
        route("PATCH /api/v1/routes/{id}", r -> item(200, root.drupal().routes().change(root.caller(r), r.pathParameter("id"),
                Etags.expectedVersion(r.header("if-match")),
                current -> DrupalJson.readRoute(JsonMergePatch.apply(DrupalJson.routeDefinition(current), JsonBodies.mergePatch(r))))));
        route("DELETE /api/v1/routes/{id}", r -> {
            root.drupal().routes().delete(root.caller(r), r.pathParameter("id"), Etags.expectedVersion(r.header("if-match")));
            return ApiResponse.noContent();
        });
    }

    private static ApiResponse item(int status, SiteRoute route) {
        return ApiResponse.json(status, DrupalJson.route(route)).header("ETag", Etags.of(route.version()));
    }
}
