package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.JsonBodies;
import dev.berth.api.http.Paging;
import dev.berth.api.json.DataServerJson;
import dev.berth.api.json.ListJson;
import dev.berth.core.data.DataKind;
import dev.berth.core.data.DataServer;
import dev.berth.core.error.BerthException;

/** The data tier's server pools (admin): database servers, RabbitMQ and storage that instances' data is placed on. */
public final class DataServersHandler extends ApiHandler {
    private final ApiRoot root;

    public DataServersHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public DataServersHandler(ApiRoot root) {
        this.root = root;
        route("POST /api/v1/data-servers", r -> {
            DataServer created = root.dataTier().servers().create(root.caller(r), () -> DataServerJson.read(JsonBodies.object(r), null));
            return item(201, created, null).header("Location", "/api/v1/data-servers/" + created.id());
        });
        route("GET /api/v1/data-servers", r -> {
            Paging paging = Paging.from(r);
            return ApiResponse.json(200, ListJson.of(root.dataTier().servers().list(root.caller(r), kind(r), paging.limit(), paging.cursor())
                    .map(s -> DataServerJson.of(s, null))));
        });
        route("GET /api/v1/data-servers/{id}", r -> {
            String id = r.pathParameter("id");
            DataServer server = root.dataTier().servers().get(root.caller(r), id);
            return item(200, server, root.dataTier().servers().tenants(root.caller(r), id));
        });
        route("PATCH /api/v1/data-servers/{id}", r -> item(200, root.dataTier().servers().change(root.caller(r), r.pathParameter("id"),
                Etags.expectedVersion(r.header("if-match")), current -> DataServerJson.read(JsonBodies.mergePatch(r), current)), null));
        route("DELETE /api/v1/data-servers/{id}", this::delete);
    }

    private ApiResponse delete(ApiRequest request) {
        root.dataTier().servers().delete(root.caller(request), request.pathParameter("id"), Etags.expectedVersion(request.header("if-match")));
        return ApiResponse.noContent();
    }

    private static DataKind kind(ApiRequest request) {
        String kind = request.queryParameter("kind");
        return kind == null ? null : DataKind.fromWire(kind).orElseThrow(() -> BerthException.invalid("kind", "must be one of " + DataKind.wireNames()));
    }

    private static ApiResponse item(int status, DataServer server, java.util.List<String> instances) {
        return ApiResponse.json(status, DataServerJson.of(server, instances)).header("ETag", Etags.of(server.version()));
    }
}
