package dev.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.JsonBodies;
import dev.berth.api.http.Paging;
import dev.berth.api.json.AppServerJson;
import dev.berth.api.json.InstanceJson;
import dev.berth.api.json.JsonMergePatch;
import dev.berth.core.BerthCore;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.domain.LogLine;
import dev.berth.core.domain.SandboxNames;
import dev.berth.core.error.BerthException;
import dev.berth.core.port.Adapters;
import dev.berth.core.service.InstanceService;
import dev.berth.core.store.Page;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Instances, and reading their app servers and deployment logs. */
public final class InstancesHandler extends ApiHandler {
    private static final Set<String> JSON_TYPES = Set.of("application/json");
    private static final Set<String> PATCH_TYPES = Set.of("application/merge-patch+json", "application/json");
    private static final int MAX_LOG_LINES = 1000;
    private final BerthCore core;
    private final InstanceJson instanceJson;
    private final AppServerJson appServerJson;

    public InstancesHandler() {
        this(System.getenv());
    }

    public InstancesHandler(Map<String, String> env) {
        this(env, Adapters.NONE);
    }

    public InstancesHandler(Map<String, String> env, Adapters adapters) {
        this(BerthCore.create(env, adapters));
    }

    public InstancesHandler(BerthCore core) {
        this.core = core;
        this.instanceJson = new InstanceJson(JSON, host -> core.config().publicUrl(host, null));
        this.appServerJson = new AppServerJson(JSON, instanceJson);
        route("POST /api/v1/instances", this::create);
        route("GET /api/v1/instances", this::list);
        route("GET /api/v1/instances/{id}", this::get);
        route("PATCH /api/v1/instances/{id}", this::patch);
        route("DELETE /api/v1/instances/{id}", this::archive);
        route("GET /api/v1/instances/{id}/appservers", this::listAppServers);
        route("GET /api/v1/appservers/{id}", this::getAppServer);
        route("GET /api/v1/appservers/{id}/logs", this::logs);
    }

    private Principal caller(ApiRequest request) {
        return core.authenticator().authenticate(request.header("authorization"));
    }

    private ApiResponse create(ApiRequest request) {
        Principal caller = caller(request);
        caller.require(Role.MANAGER);
        ObjectNode body = JsonBodies.object(request, JSON_TYPES);
        instanceJson.checkClientFields(body);
        JsonNode merged = JsonMergePatch.apply(instanceJson.defaults(core.config()), body);
        Instance created = core.instances().create(caller, instanceJson.readSettings(merged));
        return ApiResponse.json(201, instanceJson.view(new InstanceService.View(created, List.of()), appServerJson))
                .header("Location", "/api/v1/instances/" + created.id())
                .header("ETag", Etags.of(created.version()));
    }

    private ApiResponse list(ApiRequest request) {
        Principal caller = caller(request);
        if (request.queryParameter("repository") != null || request.queryParameter("pullRequest") != null) {
            return sandboxOf(caller, request);
        }
        Paging paging = Paging.from(request);
        String statusParam = request.queryParameter("status");
        InstanceStatus status = statusParam == null ? InstanceStatus.ACTIVE : InstanceStatus.fromWire(statusParam)
                .orElseThrow(() -> BerthException.invalid("status", "must be active or archived"));
        String q = request.queryParameter("q");
        if (q != null && q.length() > 253) {
            throw BerthException.invalid("q", "must be at most 253 characters");
        }
        Page<Instance> page = core.instances().list(caller, status, q == null || q.isBlank() ? null : q.trim(), paging.limit(), paging.cursor());
        return ApiResponse.json(200, listBody(page.map(instanceJson::instance)));
    }

    /** {@code ?repository=owner/repo&pullRequest=N}: the sandbox of that pull request, as a list of zero or one. */
    private ApiResponse sandboxOf(Principal caller, ApiRequest request) {
        caller.require(Role.VIEWER);
        String repository = request.queryParameter("repository");
        int number;
        try {
            number = Integer.parseInt(String.valueOf(request.queryParameter("pullRequest")));
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (repository == null || number < 1) {
            throw BerthException.invalid("pullRequest", "repository=owner/repo and pullRequest=<number> go together");
        }
        int pr = number;
        List<Instance> found = core.watchedRepositoryStore().findByFullName(repository)
                .flatMap(repo -> core.instanceStore().findByDomain(SandboxNames.subDomain(repository, pr) + "." + repo.baseDomain()))
                .filter(i -> i.pullRequest() != null && i.pullRequest().number() == pr)
                .map(List::of).orElse(List.of());
        return ApiResponse.json(200, listBody(new Page<>(found, null).map(instanceJson::instance)));
    }

    private ApiResponse get(ApiRequest request) {
        InstanceService.View view = core.instances().view(caller(request), request.pathParameter("id"));
        return itemResponse(200, view);
    }

    private ApiResponse patch(ApiRequest request) {
        Principal caller = caller(request);
        caller.require(Role.MANAGER);
        Long expected = Etags.expectedVersion(request.header("if-match"));
        ObjectNode patch = JsonBodies.object(request, PATCH_TYPES);
        instanceJson.checkClientFields(patch);
        InstanceService.View view = core.instances().changeSettings(caller, request.pathParameter("id"), expected,
                current -> instanceJson.readSettings(JsonMergePatch.apply(instanceJson.settingsNode(current), patch)));
        return itemResponse(200, view);
    }

    private ApiResponse archive(ApiRequest request) {
        Principal caller = caller(request);
        caller.require(Role.MANAGER);
        Long expected = Etags.expectedVersion(request.header("if-match"));
        String purgeParam = request.queryParameter("purge");
        if (purgeParam != null && !purgeParam.equals("true") && !purgeParam.equals("false")) {
            throw BerthException.invalid("purge", "must be true or false");
        }
        boolean purge = "true".equals(purgeParam);
        Instance result = core.archive().archive(caller, request.pathParameter("id"), expected, purge);
        if (purge) {
            return ApiResponse.noContent();
        }
        return itemResponse(200, new InstanceService.View(result, List.of()));
    }

    private ApiResponse listAppServers(ApiRequest request) {
        Principal caller = caller(request);
        caller.require(Role.VIEWER);
        Paging paging = Paging.from(request);
        String instanceId = request.pathParameter("id");
        core.instanceStore().get(instanceId);
        Page<AppServer> page = core.appServerStore().listForInstance(instanceId, paging.limit(), paging.cursor());
        return ApiResponse.json(200, listBody(page.map(appServerJson::summary)));
    }

    private ApiResponse getAppServer(ApiRequest request) {
        Principal caller = caller(request);
        caller.require(Role.VIEWER);
        AppServer server = core.appServerStore().get(request.pathParameter("id"));
        return ApiResponse.json(200, appServerJson.full(server, core.config(), caller.role().includes(Role.MANAGER)))
                .header("ETag", Etags.of(server.version()));
    }

    /** Log lines after the cursor, oldest first; the next cursor is always given, so a tail just repeats the call. */
    private ApiResponse logs(ApiRequest request) {
        caller(request).require(Role.VIEWER);
        AppServer server = core.appServerStore().get(request.pathParameter("id"));
        long after = logCursor(request.queryParameter("after"));
        String limitParam = request.queryParameter("limit");
        int limit = MAX_LOG_LINES;
        if (limitParam != null) {
            limit = Paging.from(request).limit();
        }
        List<LogLine> lines = core.appServerStore().readLog(server.id(), after, limit);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        long last = after;
        for (LogLine line : lines) {
            items.addObject().put("seq", line.sequence()).put("time", line.time().toString()).put("text", line.text());
            last = line.sequence();
        }
        body.put("nextCursor", Long.toString(last));
        body.put("status", server.status().wireName());
        // A settled server writes no more lines: once a read comes back short, the log is complete.
        body.put("complete", server.status().isSettled() && lines.size() < limit);
        return ApiResponse.json(200, body);
    }

    private static long logCursor(String after) {
        if (after == null || after.isEmpty()) {
            return 0;
        }
        try {
            long value = Long.parseLong(after);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw BerthException.badRequest("invalid_cursor", "after must be a cursor returned by this endpoint (a number)");
    }

    private ApiResponse itemResponse(int status, InstanceService.View view) {
        return ApiResponse.json(status, instanceJson.view(view, appServerJson)).header("ETag", Etags.of(view.instance().version()));
    }

    static ObjectNode listBody(Page<ObjectNode> page) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        page.items().forEach(items::add);
        if (page.nextCursor() == null) {
            body.putNull("nextCursor");
        } else {
            body.put("nextCursor", page.nextCursor());
        }
        return body;
    }
}
