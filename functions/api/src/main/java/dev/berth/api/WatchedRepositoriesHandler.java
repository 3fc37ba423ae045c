package dev.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.JsonBodies;
import dev.berth.api.http.Paging;
import dev.berth.api.json.FieldReader;
import dev.berth.api.json.JsonMergePatch;
import dev.berth.core.BerthCore;
import dev.berth.core.auth.Principal;
import dev.berth.core.domain.WatchedRepository;
import dev.berth.core.port.Adapters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Watched repositories (admin): their pull requests get sandboxes. */
public final class WatchedRepositoriesHandler extends ApiHandler {
    private static final Set<String> WRITABLE = Set.of("fullName", "baseDomain", "defaultSettings", "allowedSettingsKeys",
            "openedxRelease", "configurationRepo", "configurationVersion", "githubOrganization", "githubTeam",
            "allowedAuthorAssociations", "labelGate", "maxConcurrentSandboxes", "keepDaysAfterClose", "enabled");
    private static final Set<String> READ_ONLY = Set.of("id", "createdAt", "updatedAt", "version", "etag");
    private final BerthCore core;

    public WatchedRepositoriesHandler() {
        this(System.getenv());
    }

    public WatchedRepositoriesHandler(Map<String, String> env) {
        this(env, Adapters.NONE);
    }

    public WatchedRepositoriesHandler(Map<String, String> env, Adapters adapters) {
        this(BerthCore.create(env, adapters));
    }

    public WatchedRepositoriesHandler(BerthCore core) {
        this.core = core;
        route("POST /api/v1/watched-repositories", this::create);
        route("GET /api/v1/watched-repositories", this::list);
        route("GET /api/v1/watched-repositories/{id}", this::get);
        route("PATCH /api/v1/watched-repositories/{id}", this::patch);
        route("DELETE /api/v1/watched-repositories/{id}", this::delete);
    }

    private Principal caller(ApiRequest request) {
        return core.authenticator().authenticate(request.header("authorization"));
    }

    private ApiResponse create(ApiRequest request) {
        Principal caller = caller(request);
        ObjectNode body = JsonBodies.object(request, Set.of("application/json"));
        WatchedRepository created = core.watchedRepositories().create(caller, read(body, null));
        return ApiResponse.json(201, json(created)).header("Location", "/api/v1/watched-repositories/" + created.id())
                .header("ETag", Etags.of(created.version()));
    }

    private ApiResponse list(ApiRequest request) {
        Principal caller = caller(request);
        Paging paging = Paging.from(request);
        return ApiResponse.json(200, InstancesHandler.listBody(core.watchedRepositories().list(caller, paging.limit(), paging.cursor()).map(this::json)));
    }

    private ApiResponse get(ApiRequest request) {
        WatchedRepository repo = core.watchedRepositories().get(caller(request), request.pathParameter("id"));
        return ApiResponse.json(200, json(repo)).header("ETag", Etags.of(repo.version()));
    }

    private ApiResponse patch(ApiRequest request) {
        Principal caller = caller(request);
        Long expected = Etags.expectedVersion(request.header("if-match"));
        ObjectNode patch = JsonBodies.object(request, Set.of("application/merge-patch+json", "application/json"));
        WatchedRepository updated = core.watchedRepositories().change(caller, request.pathParameter("id"), expected,
                current -> read(JsonMergePatch.apply(editable(current), patch), current));
        return ApiResponse.json(200, json(updated)).header("ETag", Etags.of(updated.version()));
    }

    private ApiResponse delete(ApiRequest request) {
        Principal caller = caller(request);
        Long expected = Etags.expectedVersion(request.header("if-match"));
        core.watchedRepositories().delete(caller, request.pathParameter("id"), expected);
        return ApiResponse.noContent();
    }

    /** Reads a create body, or a patched representation of {@code current}. */
    private static WatchedRepository read(JsonNode node, WatchedRepository current) {
        FieldReader fields = new FieldReader(node).allowOnly(WRITABLE, READ_ONLY, "a watched repository");
        WatchedRepository repo = new WatchedRepository(current == null ? null : current.id(), fields.text("fullName"),
                fields.text("baseDomain"), fields.text("defaultSettings"), fields.texts("allowedSettingsKeys", List.of()),
                fields.text("openedxRelease"), fields.text("configurationRepo"), fields.text("configurationVersion"),
                fields.text("githubOrganization"), fields.text("githubTeam"),
                new HashSet<>(fields.texts("allowedAuthorAssociations", new ArrayList<>(WatchedRepository.DEFAULT_AUTHOR_ASSOCIATIONS))),
                fields.text("labelGate"), fields.integer("maxConcurrentSandboxes", 5), fields.integer("keepDaysAfterClose", 7),
                fields.bool("enabled", true), current == null ? null : current.createdAt(), current == null ? null : current.updatedAt(),
                current == null ? 0 : current.version());
        fields.done();
        return repo;
    }

    private ObjectNode editable(WatchedRepository r) {
        ObjectNode node = json(r);
        READ_ONLY.forEach(node::remove);
        return node;
    }

    private ObjectNode json(WatchedRepository r) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", r.id());
        node.put("fullName", r.fullName());
        node.put("baseDomain", r.baseDomain());
        if (r.defaultSettings() != null) {
            node.put("defaultSettings", r.defaultSettings());
        }
        r.allowedSettingsKeys().forEach(node.putArray("allowedSettingsKeys")::add);
        for (String field : List.of("openedxRelease", "configurationRepo", "configurationVersion", "githubOrganization", "githubTeam", "labelGate")) {
            String value = switch (field) {
                case "openedxRelease" -> r.openedxRelease();
                case "configurationRepo" -> r.configurationRepo();
                case "configurationVersion" -> r.configurationVersion();
                case "githubOrganization" -> r.githubOrganization();
                case "githubTeam" -> r.githubTeam();
                default -> r.labelGate();
            };
            if (value != null) {
                node.put(field, value);
            }
        }
        r.allowedAuthorAssociations().stream().sorted().forEach(node.putArray("allowedAuthorAssociations")::add);
        node.put("maxConcurrentSandboxes", r.maxConcurrentSandboxes());
        node.put("keepDaysAfterClose", r.keepDaysAfterClose());
        node.put("enabled", r.enabled());
        node.put("createdAt", r.createdAt().toString());
        node.put("updatedAt", r.updatedAt().toString());
        node.put("version", r.version());
        node.put("etag", Etags.of(r.version()));
        return node;
    }
}
