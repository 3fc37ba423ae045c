package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.JsonBodies;
import dev.berth.api.http.Paging;
import dev.berth.api.json.DrupalJson;
import dev.berth.api.json.JsonMergePatch;
import dev.berth.api.json.ListJson;
import dev.berth.core.drupal.CodeItem;

/** Drupal code items: registering, changing or deleting one deploys (or drops) its checkout on the web servers. */
public final class CodeHandler extends ApiHandler {

    public CodeHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public CodeHandler(ApiRoot root) {
        route("POST /api/v1/code", r -> {
            CodeItem created = root.drupal().code().create(root.caller(r), () -> DrupalJson.readCode(JsonBodies.object(r)));
            return item(201, created).header("Location", "/api/v1/code/" + created.id());
        });
        route("GET /api/v1/code", r -> {
            Paging paging = Paging.from(r);
            return ApiResponse.json(200, ListJson.of(root.drupal().code().list(root.caller(r), paging.limit(), paging.cursor()).map(DrupalJson::code)));
        });
        route("GET /api/v1/code/{id}", r -> item(200, root.drupal().code().get(root.caller(r), r.pathParameter("id"))));
        route("PATCH /api/v1/code/{id}", r -> item(200, root.drupal().code().change(root.caller(r), r.pathParameter("id"),
                Etags.expectedVersion(r.header("if-match")),
                current -> DrupalJson.readCode(JsonMergePatch.apply(DrupalJson.codeDefinition(current), JsonBodies.mergePatch(r))))));
        route("DELETE /api/v1/code/{id}", r -> {
            root.drupal().code().delete(root.caller(r), r.pathParameter("id"), Etags.expectedVersion(r.header("if-match")));
            return ApiResponse.noContent();
        });
    }

    private static ApiResponse item(int status, CodeItem item) {
        return ApiResponse.json(status, DrupalJson.code(item)).header("ETag", Etags.of(item.version()));
    }
}
