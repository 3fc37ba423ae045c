package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.JsonBodies;
import dev.berth.api.http.Paging;
import dev.berth.api.json.DrupalJson;
import dev.berth.api.json.ListJson;
import dev.berth.core.drupal.CommandExecution;
import dev.berth.core.drupal.SiteCommand;
import dev.berth.core.repository.Page;

/** Commands across many sites and their executions (a result per site). */
public final class SiteCommandsHandler extends ApiHandler {

    public SiteCommandsHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public SiteCommandsHandler(ApiRoot root) {
        route("POST /api/v1/commands", r -> {
            SiteCommand created = root.drupal().commands().create(root.caller(r), DrupalJson.readCommand(JsonBodies.object(r)));
            return ApiResponse.json(201, DrupalJson.command(created)).header("Location", "/api/v1/commands/" + created.id());
        });
        route("GET /api/v1/commands", r -> {
            Paging paging = Paging.from(r);
            return ApiResponse.json(200, ListJson.of(root.drupal().commands().list(root.caller(r), paging.limit(), paging.cursor())
                    .map(DrupalJson::command)));
        });
        route("GET /api/v1/commands/{id}", r -> ApiResponse.json(200, DrupalJson.command(root.drupal().commands().get(root.caller(r),
                r.pathParameter("id")))));
        route("DELETE /api/v1/commands/{id}", r -> {
            root.drupal().commands().delete(root.caller(r), r.pathParameter("id"));
            return ApiResponse.noContent();
        });
        route("POST /api/v1/commands/{id}/executions", r -> {
            CommandExecution execution = root.drupal().commands().execute(root.caller(r), r.pathParameter("id"));
            return ApiResponse.json(202, DrupalJson.execution(execution))
                    .header("Location", "/api/v1/executions/" + execution.id());
        });
        route("GET /api/v1/executions", r -> {
            Paging paging = Paging.from(r);
            Page<CommandExecution> page = root.drupal().commands().executions(root.caller(r), paging.limit(), paging.cursor());
            return ApiResponse.json(200, ListJson.of(page.map(DrupalJson::execution)));
        });
        route("GET /api/v1/executions/{id}", r -> ApiResponse.json(200, DrupalJson.execution(root.drupal().commands().execution(root.caller(r),
                r.pathParameter("id")))));
    }
}
