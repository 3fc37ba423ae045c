package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.JsonBodies;
import dev.berth.api.http.Paging;
import dev.berth.api.json.JsonMergePatch;
import dev.berth.api.json.ListJson;
import dev.berth.api.json.ProfileJson;
import dev.berth.core.profile.SettingProfile;

/** Setting profiles: named defaults a new instance starts from ({@code "profile": name} on create). */
public final class ProfilesHandler extends ApiHandler {
    private final ApiRoot root;

    public ProfilesHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public ProfilesHandler(ApiRoot root) {
        this.root = root;
        route("POST /api/v1/profiles", this::create);
        route("GET /api/v1/profiles", r -> {
            Paging paging = Paging.from(r);
            return ApiResponse.json(200, ListJson.of(root.profiles().list(root.caller(r), paging.limit(), paging.cursor()).map(ProfileJson::of)));
        });
        route("GET /api/v1/profiles/{name}", r -> item(200, root.profiles().get(root.caller(r), r.pathParameter("name"))));
        route("PATCH /api/v1/profiles/{name}", this::change);
        route("DELETE /api/v1/profiles/{name}", r -> {
            root.profiles().delete(root.caller(r), r.pathParameter("name"), Etags.expectedVersion(r.header("if-match")));
            return ApiResponse.noContent();
        });
    }

    private ApiResponse create(ApiRequest r) {
        SettingProfile created = root.profiles().create(root.caller(r), () -> root.checkedProfile(JsonBodies.object(r), null));
        return item(201, created).header("Location", "/api/v1/profiles/" + created.id());
    }

    private ApiResponse change(ApiRequest r) {
        var patch = JsonBodies.mergePatch(r);
        return item(200, root.profiles().change(root.caller(r), r.pathParameter("name"), Etags.expectedVersion(r.header("if-match")),
                current -> root.checkedProfile(JsonMergePatch.apply(ProfileJson.writable(current), patch), current.id())));
    }

    private static ApiResponse item(int status, SettingProfile profile) {
        return ApiResponse.json(status, ProfileJson.of(profile)).header("ETag", Etags.of(profile.version()));
    }
}
