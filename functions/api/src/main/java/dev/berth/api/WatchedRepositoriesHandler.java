package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.JsonBodies;
import dev.berth.api.http.Paging;
import dev.berth.api.json.ListJson;
import dev.berth.api.json.WatchedRepositoryJson;
import dev.berth.core.domain.WatchedRepository;
import dev.berth.core.openedx.OpenEdxSecrets;

/** Watched repositories (admin): their pull requests get sandboxes; their write-only secrets reach same-repository sandboxes. */
public final class WatchedRepositoriesHandler extends ApiHandler {
    private final ApiRoot root;

    public WatchedRepositoriesHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public WatchedRepositoriesHandler(ApiRoot root) {
        this.root = root;
        route("POST /api/v1/watched-repositories", r -> {
            WatchedRepository created = root.core().watchedRepositories().create(root.caller(r),
                    () -> WatchedRepositoryJson.read(JsonBodies.object(r), null));
            return item(201, created).header("Location", "/api/v1/watched-repositories/" + created.id());
        });
        route("GET /api/v1/watched-repositories", r -> {
            Paging paging = Paging.from(r);
            return ApiResponse.json(200, ListJson.of(root.core().watchedRepositories().list(root.caller(r), paging.limit(), paging.cursor())
                    .map(WatchedRepositoryJson::of)));
        });
        route("GET /api/v1/watched-repositories/{id}", r -> item(200, root.core().watchedRepositories().get(root.caller(r), r.pathParameter("id"))));
        route("PATCH /api/v1/watched-repositories/{id}", r -> item(200, root.core().watchedRepositories().change(root.caller(r),
                r.pathParameter("id"), Etags.expectedVersion(r.header("if-match")),
                current -> WatchedRepositoryJson.patched(current, JsonBodies.mergePatch(r)))));
        route("DELETE /api/v1/watched-repositories/{id}", this::delete);
        writeOnlySecretRoutes("/api/v1/watched-repositories/{id}/secrets", root::caller, root::repositorySecrets);
    }

    private ApiResponse delete(ApiRequest request) {
        WatchedRepository gone = root.core().watchedRepositories().delete(root.caller(request), request.pathParameter("id"),
                Etags.expectedVersion(request.header("if-match")));
        new OpenEdxSecrets(root.secrets()).forgetRepository(gone.fullName());
        return ApiResponse.noContent();
    }

    private static ApiResponse item(int status, WatchedRepository repository) {
        return ApiResponse.json(status, WatchedRepositoryJson.of(repository)).header("ETag", Etags.of(repository.version()));
    }
}
