package dev.berth.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.json.AppServerJson;
import dev.berth.api.json.InstanceJson;
import dev.berth.core.BerthCore;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.domain.AppServer;
import dev.berth.core.error.BerthException;
import dev.berth.core.port.Adapters;
import dev.berth.core.port.workflow.ExecutionHistory;
import dev.berth.core.service.AppServerService;
import java.util.Map;

/** App server operations: launch (a Step Functions execution), and its execution history. */
public final class AppServersHandler extends ApiHandler {
    private final BerthCore core;
    private final AppServerJson appServerJson = new AppServerJson(JSON, new InstanceJson(JSON));

    public AppServersHandler() {
        this(System.getenv());
    }

    public AppServersHandler(Map<String, String> env) {
        this(env, Adapters.NONE);
    }

    public AppServersHandler(Map<String, String> env, Adapters adapters) {
        this(BerthCore.create(env, adapters));
    }

    public AppServersHandler(BerthCore core) {
        this.core = core;
        route("POST /api/v1/instances/{id}/appservers", this::launch);
        route("GET /api/v1/appservers/{id}/execution", this::execution);
        route("POST /api/v1/appservers/{id}/activate", request -> operation(request,
                (caller, id, expected) -> core.activation().activate(caller, id, expected)));
        route("POST /api/v1/appservers/{id}/deactivate", request -> operation(request,
                (caller, id, expected) -> core.activation().deactivate(caller, id, expected)));
        route("POST /api/v1/appservers/{id}/terminate", request -> operation(request,
                (caller, id, expected) -> core.activation().terminate(caller, id, expected, core.appServers())));
    }

    @FunctionalInterface
    private interface Operation {
        AppServer apply(Principal caller, String appServerId, Long expectedVersion);
    }

    /** The app server operations: If-Match required; 202, as the load balancer, DNS or cloud follow asynchronously. */
    private ApiResponse operation(ApiRequest request, Operation operation) {
        Principal caller = caller(request);
        caller.require(Role.MANAGER);
        Long expected = Etags.expectedVersion(request.header("if-match"));
        AppServer server = operation.apply(caller, request.pathParameter("id"), expected);
        return ApiResponse.json(202, appServerJson.full(server, core.config(), true)).header("ETag", Etags.of(server.version()));
    }

    private Principal caller(ApiRequest request) {
        return core.authenticator().authenticate(request.header("authorization"));
    }

    /** 202: the launch runs on; the app server's status shows its progress. */
    private ApiResponse launch(ApiRequest request) {
        Principal caller = caller(request);
        caller.require(Role.MANAGER);
        if (request.body().length > 0 && !new String(request.body(), java.nio.charset.StandardCharsets.UTF_8).isBlank()
                && !new String(request.body(), java.nio.charset.StandardCharsets.UTF_8).trim().equals("{}")) {
            throw BerthException.invalid("body", "launch takes no parameters: it snapshots the instance's current settings");
        }
        AppServer server = core.appServers().launch(caller, request.pathParameter("id"));
        return ApiResponse.json(202, appServerJson.full(server, core.config(), true))
                .header("Location", "/api/v1/appservers/" + server.id())
                .header("ETag", Etags.of(server.version()));
    }

    private ApiResponse execution(ApiRequest request) {
        caller(request).require(Role.VIEWER);
        AppServer server = core.appServerStore().get(request.pathParameter("id"));
        ExecutionHistory history = core.workflows().history(AppServerService.LAUNCH_STATE_MACHINE, server.id())
                .orElseThrow(() -> BerthException.notFound("Execution of app server", server.id()));
        ObjectNode body = JSON.createObjectNode();
        body.put("appServerId", server.id());
        body.put("stateMachine", AppServerService.LAUNCH_STATE_MACHINE);
        body.put("executionName", history.executionName());
        body.put("status", history.status());
        body.put("startedAt", history.startedAt() == null ? null : history.startedAt().toString());
        body.put("stoppedAt", history.stoppedAt() == null ? null : history.stoppedAt().toString());
        ArrayNode events = body.putArray("events");
        for (ExecutionHistory.Event event : history.events()) {
            ObjectNode node = events.addObject();
            node.put("id", event.id());
            node.put("type", event.type());
            if (event.state() != null) {
                node.put("state", event.state());
            }
            node.put("at", event.at().toString());
            if (event.detail() != null) {
                try {
                    node.set("detail", JSON.readTree(event.detail()));
                } catch (java.io.IOException e) {
                    node.put("detail", event.detail());
                }
            }
        }
        return ApiResponse.json(200, body);
    }
}
