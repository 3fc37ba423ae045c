package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.JsonBodies;
import dev.berth.api.json.FieldReader;
import dev.berth.core.auth.Principal;
import dev.berth.core.domain.AppServer;
import java.nio.charset.StandardCharsets;
import java.util.Set;

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

    /**
     * Launch snapshots the instance's current settings; the only option is consent to run another
     * release than the instance's active servers (an upgrade of a persistent instance).
     */
    private ApiResponse launch(ApiRequest request) {
        Principal caller = root.caller(request);
        boolean allowReleaseChange = false;
        if (!new String(request.body(), StandardCharsets.UTF_8).isBlank()) {
            FieldReader fields = new FieldReader(JsonBodies.object(request))
                    .allowOnly(Set.of("allowReleaseChange"), Set.of(), "a launch (it snapshots the instance's current settings)");
            allowReleaseChange = fields.bool("allowReleaseChange", false);
            fields.done();
        }
        AppServer server = root.core().appServers().launch(caller, request.pathParameter("id"), allowReleaseChange);
        return ApiResponse.json(202, root.appServerJson().full(server, caller))
                .header("Location", "/api/v1/appservers/" + server.id()).header("ETag", Etags.of(server.version()));
    }
}
