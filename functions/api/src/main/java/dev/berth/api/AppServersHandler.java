package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.Paging;
import dev.berth.api.json.CostJson;
import dev.berth.api.json.ExecutionJson;
import dev.berth.api.json.ListJson;
import dev.berth.api.json.LogJson;
import dev.berth.core.auth.Principal;
import dev.berth.core.domain.AppServer;
import dev.berth.core.service.AppServerService;

/** Reading app servers: an instance's list, one app server, its deployment log, its launch execution and what it cost. */
public final class AppServersHandler extends ApiHandler {
    private final ApiRoot root;

    public AppServersHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public AppServersHandler(ApiRoot root) {
        this.root = root;
        route("GET /api/v1/instances/{id}/appservers", this::list);
        route("GET /api/v1/appservers/{id}", this::get);
        route("GET /api/v1/appservers/{id}/logs", this::logs);
        route("GET /api/v1/appservers/{id}/execution", r -> ApiResponse.json(200,
                ExecutionJson.of(r.pathParameter("id"), AppServerService.LAUNCH_STATE_MACHINE,
                        root.core().appServers().execution(root.caller(r), r.pathParameter("id")))));
        route("GET /api/v1/appservers/{id}/cost", r -> ApiResponse.json(200, CostJson.of(root.costs().launch(root.caller(r), r.pathParameter("id")))));
    }

    private ApiResponse list(ApiRequest request) {
        Paging paging = Paging.from(request);
        Principal caller = root.caller(request);
        return ApiResponse.json(200, ListJson.of(root.core().appServers().list(caller, request.pathParameter("id"),
                paging.limit(), paging.cursor()).map(server -> root.appServerJson().summary(server, caller))));
    }

    private ApiResponse get(ApiRequest request) {
        Principal caller = root.caller(request);
        AppServer server = root.core().appServers().view(caller, request.pathParameter("id"));
        return ApiResponse.json(200, root.appServerJson().full(server, caller)).header("ETag", Etags.of(server.version()));
    }

    /** Log lines after the cursor, oldest first; the next cursor is always given, so a tail just repeats the call. */
    private ApiResponse logs(ApiRequest request) {
        int limit = request.queryParameter("limit") == null ? AppServerService.MAX_LOG_LINES : Paging.from(request).limit();
        return ApiResponse.json(200, LogJson.of(root.core().appServers().logs(root.caller(request), request.pathParameter("id"),
                LogJson.cursor(request.queryParameter("after")), limit)));
    }
}
