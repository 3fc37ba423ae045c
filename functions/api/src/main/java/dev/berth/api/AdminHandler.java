package dev.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.JsonBodies;
import dev.berth.api.http.Paging;
import dev.berth.core.BerthCore;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.ApiToken;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.error.BerthException;
import dev.berth.core.port.Adapters;
import dev.berth.core.service.TokenService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Admin-only calls: API tokens and the audit log. */
public final class AdminHandler extends ApiHandler {
    private final BerthCore core;

    public AdminHandler() {
        this(System.getenv());
    }

    public AdminHandler(Map<String, String> env) {
        this(env, Adapters.NONE);
    }

    public AdminHandler(Map<String, String> env, Adapters adapters) {
        this(BerthCore.create(env, adapters));
    }

    public AdminHandler(BerthCore core) {
        this.core = core;
        route("POST /api/v1/tokens", this::createToken);
        route("GET /api/v1/tokens", this::listTokens);
        route("DELETE /api/v1/tokens/{id}", this::revokeToken);
        route("GET /api/v1/audit", this::audit);
    }

    private Principal admin(ApiRequest request) {
        Principal caller = core.authenticator().authenticate(request.header("authorization"));
        caller.require(Role.ADMIN);
        return caller;
    }

    private ApiResponse createToken(ApiRequest request) {
        Principal caller = admin(request);
        ObjectNode body = JsonBodies.object(request, Set.of("application/json"));
        Map<String, String> errors = new LinkedHashMap<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("name") && !name.equals("role")) {
                errors.put(name, "is not a field of a token (name, role)");
            }
        });
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual()) {
            errors.put("name", "is required and must be a string");
        }
        JsonNode roleNode = body.get("role");
        Role role = roleNode != null && roleNode.isTextual() ? Role.fromWire(roleNode.asText()).orElse(null) : null;
        if (role == null) {
            errors.put("role", "must be one of admin, manager, viewer");
        }
        if (!errors.isEmpty()) {
            throw BerthException.invalid(errors);
        }
        TokenService.Created created = core.tokens().create(caller, name.asText(), role);
        ObjectNode out = token(created.token());
        out.put("token", created.secret());
        return ApiResponse.json(201, out).header("Location", "/api/v1/tokens/" + created.token().id())
                .header("ETag", Etags.of(created.token().version()));
    }

    private ApiResponse listTokens(ApiRequest request) {
        Principal caller = admin(request);
        Paging paging = Paging.from(request);
        return ApiResponse.json(200, InstancesHandler.listBody(core.tokens().list(caller, paging.limit(), paging.cursor()).map(this::token)));
    }

    private ApiResponse revokeToken(ApiRequest request) {
        Principal caller = admin(request);
        Long expected = Etags.expectedVersion(request.header("if-match"));
        core.tokens().revoke(caller, request.pathParameter("id"), expected);
        return ApiResponse.noContent();
    }

    private ApiResponse audit(ApiRequest request) {
        admin(request);
        String target = request.queryParameter("target");
        if (target == null || target.isBlank()) {
            throw BerthException.invalid("target", "is required: the id of an instance, app server or token");
        }
        Paging paging = Paging.from(request);
        return ApiResponse.json(200, InstancesHandler.listBody(core.auditLog().list(target, paging.limit(), paging.cursor()).map(this::entry)));
    }

    private ObjectNode token(ApiToken token) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", token.id());
        node.put("name", token.name());
        node.put("role", token.role().wireName());
        node.put("createdBy", token.createdBy());
        node.put("createdAt", token.createdAt().toString());
        node.put("etag", Etags.of(token.version()));
        return node;
    }

    private ObjectNode entry(AuditEntry entry) {
        ObjectNode node = JSON.createObjectNode();
        node.put("target", entry.target());
        node.put("targetType", entry.targetType());
        node.put("action", entry.action());
        node.put("actor", entry.actor());
        node.put("at", entry.at().toString());
        if (entry.oldVersion() == null) {
            node.putNull("oldVersion");
        } else {
            node.put("oldVersion", entry.oldVersion());
        }
        if (entry.newVersion() == null) {
            node.putNull("newVersion");
        } else {
            node.put("newVersion", entry.newVersion());
        }
        node.put("summary", entry.summary());
        return node;
    }
}
