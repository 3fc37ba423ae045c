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
        route("GET /api/v1/instances/{id}", r -> {
            Principal caller = root.caller(r);
            return item(200, root.core().instances().view(caller, r.pathParameter("id")), caller);
        });
        route("PATCH /api/v1/instances/{id}", this::patch);
        route("DELETE /api/v1/instances/{id}", this::archive);
    }

    private ApiResponse create(ApiRequest request) {
        Principal caller = root.caller(request);
        Instance created = root.core().instances().create(caller, () -> json.createSettings(JsonBodies.object(request), root.config(), root::profileDefaults));
        return item(201, new InstanceService.View(created, List.of()), caller).header("Location", "/api/v1/instances/" + created.id());
    }

    private ApiResponse patch(ApiRequest request) {
        Principal caller = root.caller(request);
        return item(200, root.core().instances().changeSettings(caller, request.pathParameter("id"),
                Etags.expectedVersion(request.header("if-match")), current -> json.patchSettings(JsonBodies.mergePatch(request), current)), caller);
    }

    /** The list, or with {@code ?repository=&pullRequest=} the pull request's sandbox as a list of zero or one. */
    private ApiResponse list(ApiRequest request) {
        Principal caller = root.caller(request);
        Paging paging = Paging.from(request);
        Page<Instance> page = request.queryParameter("repository") != null || request.queryParameter("pullRequest") != null
                ? Page.of(root.core().pullRequestSandboxes().find(caller, request.queryParameter("repository"),
                        InstanceJson.pullRequestNumber(request.queryParameter("pullRequest"))))
                : root.core().instances().list(caller, InstanceJson.status(request.queryParameter("status")), request.queryParameter("q"),
                        paging.limit(), paging.cursor());
        return ApiResponse.json(200, ListJson.of(page.map(i -> json.instance(i, caller))));
    }

    private ApiResponse archive(ApiRequest request) {
        boolean purge = request.booleanQueryParameter("purge");
        Principal caller = root.caller(request);
        Instance result = root.core().archive().archive(caller, request.pathParameter("id"), Etags.expectedVersion(request.header("if-match")), purge);
        // A purge goes on in the PurgeInstance state machine: accepted, the instance archived meanwhile.
        return item(purge ? 202 : 200, new InstanceService.View(result, List.of()), caller);
    }

    private ApiResponse item(int status, InstanceService.View view, Principal caller) {
        return ApiResponse.json(status, json.view(view, root.appServerJson(), caller)).header("ETag", Etags.of(view.instance().version()));
    }
}
