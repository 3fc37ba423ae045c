package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.JsonBodies;
import dev.berth.core.auth.Principal;
import dev.berth.core.domain.AppServer;

/**
 * What changes app servers: launch one (a Step Functions execution), activate, deactivate and
 * terminate (If-Match). All answer 202: the load balancer, DNS or cloud follow asynchronously.
 */
public final class AppServerOperationsHandler extends ApiHandler {
    private final ApiRoot root;

    public AppServerOperationsHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public AppServerOperationsHandler(ApiRoot root) {
        this.root = root;
        route("POST /api/v1/instances/{id}/appservers", this::launch);
        route("POST /api/v1/appservers/{id}/activate", r -> operation(r, (caller, id, expected) ->
                root.core().activation().activate(caller, id, expected)));
        route("POST /api/v1/appservers/{id}/deactivate", r -> operation(r, (caller, id, expected) ->
                root.core().activation().deactivate(caller, id, expected)));
        route("POST /api/v1/appservers/{id}/terminate", r -> operation(r, (caller, id, expected) ->
                root.core().activation().terminate(caller, id, expected, root.core().appServers())));
    }

    @FunctionalInterface
    private interface Operation {
        AppServer apply(Principal caller, String appServerId, Long expectedVersion);
    }

    private ApiResponse operation(ApiRequest request, Operation operation) {
        Principal caller = root.caller(request);
        AppServer server = operation.apply(caller, request.pathParameter("id"), Etags.expectedVersion(request.header("if-match")));
        return ApiResponse.json(202, root.appServerJson().full(server, caller)).header("ETag", Etags.of(server.version()));
    }

    /** Launch takes no parameters: it snapshots the instance's current settings. */
    private ApiResponse launch(ApiRequest request) {
        Principal caller = root.caller(request);
        JsonBodies.requireEmpty(request, "launch takes no parameters: it snapshots the instance's current settings");
        AppServer server = root.core().appServers().launch(caller, request.pathParameter("id"));
        return ApiResponse.json(202, root.appServerJson().full(server, caller))
                .header("Location", "/api/v1/appservers/" + server.id()).header("ETag", Etags.of(server.version()));
    }
}
