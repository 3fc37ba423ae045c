package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.JsonBodies;
import dev.berth.api.http.Paging;
import dev.berth.api.json.InstanceJson;
import dev.berth.api.json.ListJson;
import dev.berth.core.auth.Principal;
import dev.berth.core.domain.Instance;
import dev.berth.core.repository.Page;
import dev.berth.core.service.InstanceService;
import java.util.List;

/** Instances: create, list (or find a pull request's sandbox), read, change settings, archive. */
public final class InstancesHandler extends ApiHandler {
    private final ApiRoot root;
    private final InstanceJson json;

    public InstancesHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public InstancesHandler(ApiRoot root) {
        this.root = root;
        this.json = root.instanceJson();
        route("POST /api/v1/instances", this::create);
        route("GET /api/v1/instances", this::list);
        route("GET /api/v1/instances/{id}", r -> item(200, root.core().instances().view(root.caller(r), r.pathParameter("id"))));
        route("PATCH /api/v1/instances/{id}", r -> item(200, root.core().instances().changeSettings(root.caller(r), r.pathParameter("id"),
                Etags.expectedVersion(r.header("if-match")), current -> json.patchSettings(JsonBodies.mergePatch(r), current))));
        route("DELETE /api/v1/instances/{id}", this::archive);
    }

    private ApiResponse create(ApiRequest request) {
        Instance created = root.core().instances().create(root.caller(request),
                () -> json.createSettings(JsonBodies.object(request), root.config()));
        return item(201, new InstanceService.View(created, List.of())).header("Location", "/api/v1/instances/" + created.id());
    }

    private ApiResponse list(ApiRequest request) {
        Principal caller = root.caller(request);
        if (request.queryParameter("repository") != null || request.queryParameter("pullRequest") != null) {
            Page<Instance> sandbox = new Page<>(root.core().pullRequestSandboxes().find(caller, request.queryParameter("repository"),
                    InstanceJson.pullRequestNumber(request.queryParameter("pullRequest"))).stream().toList(), null);
            return ApiResponse.json(200, ListJson.of(sandbox.map(json::instance)));
        }
        Paging paging = Paging.from(request);
        Page<Instance> page = root.core().instances().list(caller, InstanceJson.status(request.queryParameter("status")),
                request.queryParameter("q"), paging.limit(), paging.cursor());
        return ApiResponse.json(200, ListJson.of(page.map(json::instance)));
    }

    private ApiResponse archive(ApiRequest request) {
        boolean purge = request.booleanQueryParameter("purge");
        Instance result = root.core().archive().archive(root.caller(request), request.pathParameter("id"),
                Etags.expectedVersion(request.header("if-match")), purge);
        return purge ? ApiResponse.noContent() : item(200, new InstanceService.View(result, List.of()));
    }

    private ApiResponse item(int status, InstanceService.View view) {
        return ApiResponse.json(status, json.view(view, root.appServerJson())).header("ETag", Etags.of(view.instance().version()));
    }
}
