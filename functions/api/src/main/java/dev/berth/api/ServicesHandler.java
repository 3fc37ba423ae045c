package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.JsonBodies;
import dev.berth.api.http.Paging;
import dev.berth.api.json.FieldReader;
import dev.berth.api.json.JsonMergePatch;
import dev.berth.api.json.ListJson;
import dev.berth.api.json.ServiceJson;
import dev.berth.core.services.Service;
import java.util.Set;

/** Container services: definitions and their write-only secrets. Colours, builds and promotion: {@link ServiceColoursHandler}. */
public final class ServicesHandler extends ApiHandler {
    private final ApiRoot root;

    public ServicesHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public ServicesHandler(ApiRoot root) {
        this.root = root;
        route("POST /api/v1/services", r -> {
            Service created = root.services().create(root.caller(r), () -> ServiceJson.read(JsonBodies.object(r)));
            return item(201, created).header("Location", "/api/v1/services/" + created.name());
        });
        route("GET /api/v1/services", r -> {
            Paging paging = Paging.from(r);
            return ApiResponse.json(200, ListJson.of(root.services().list(root.caller(r), paging.limit(), paging.cursor()).map(ServiceJson::of)));
        });
        route("GET /api/v1/services/{name}", r -> item(200, root.services().get(root.caller(r), r.pathParameter("name"))));
        route("PATCH /api/v1/services/{name}", r -> item(200, root.services().change(root.caller(r), r.pathParameter("name"),
                Etags.expectedVersion(r.header("if-match")),
                current -> ServiceJson.read(JsonMergePatch.apply(ServiceJson.definition(current), JsonBodies.mergePatch(r))))));
        route("DELETE /api/v1/services/{name}", r -> {
            root.services().delete(root.caller(r), r.pathParameter("name"), Etags.expectedVersion(r.header("if-match")));
            return ApiResponse.noContent();
        });
        route("PUT /api/v1/services/{name}/secrets/{key}", this::putSecret);
        route("DELETE /api/v1/services/{name}/secrets/{key}", r -> {
            root.services().deleteSecret(root.caller(r), r.pathParameter("name"), r.pathParameter("key"));
            return ApiResponse.noContent();
        });
    }

    /** Write-only: {@code {"value": "..."}} in, 204 out; the value is never read back. */
    private ApiResponse putSecret(ApiRequest r) {
        FieldReader fields = new FieldReader(JsonBodies.object(r)).allowOnly(Set.of("value"), Set.of(), "a secret");
        String value = fields.text("value");
        fields.done();
        root.services().putSecret(root.caller(r), r.pathParameter("name"), r.pathParameter("key"), value);
        return ApiResponse.noContent();
    }

    static ApiResponse item(int status, Service service) {
        return ApiResponse.json(status, ServiceJson.of(service)).header("ETag", Etags.of(service.version()));
    }
}
