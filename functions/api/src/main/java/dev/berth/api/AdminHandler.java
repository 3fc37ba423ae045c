package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.JsonBodies;
import dev.berth.api.http.Paging;
import dev.berth.api.json.AuditJson;
import dev.berth.api.json.ListJson;
import dev.berth.api.json.TokenJson;
import dev.berth.core.service.TokenService;

/** Admin calls: API tokens (the secret shown once, at creation) and the audit log. */
public final class AdminHandler extends ApiHandler {
    private final ApiRoot root;

    public AdminHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public AdminHandler(ApiRoot root) {
        this.root = root;
        route("POST /api/v1/tokens", this::createToken);
        route("GET /api/v1/tokens", r -> {
            Paging paging = Paging.from(r);
            return ApiResponse.json(200, ListJson.of(root.core().tokens().list(root.caller(r), paging.limit(), paging.cursor())
                    .map(TokenJson::of)));
        });
        route("DELETE /api/v1/tokens/{id}", r -> {
            root.core().tokens().revoke(root.caller(r), r.pathParameter("id"), Etags.expectedVersion(r.header("if-match")));
            return ApiResponse.noContent();
        });
        route("POST /api/v1/bootstrap/admin-token", this::bootstrap);
        route("GET /api/v1/audit", r -> {
            Paging paging = Paging.from(r);
            return ApiResponse.json(200, ListJson.of(root.core().audit().list(root.caller(r), r.queryParameter("target"),
                    paging.limit(), paging.cursor()).map(AuditJson::of)));
        });
    }

    /** Unauthenticated by design: the bootstrap secret is the credential, and it works once. */
    private ApiResponse bootstrap(ApiRequest request) {
        var body = JsonBodies.object(request);
        dev.berth.api.json.FieldReader fields = new dev.berth.api.json.FieldReader(body)
                .allowOnly(java.util.Set.of("bootstrapSecret", "name"), java.util.Set.of(), "a bootstrap request");
        String secret = fields.text("bootstrapSecret");
        String name = fields.text("name");
        fields.done();
        TokenService.Created created = root.core().tokens().bootstrap(root.secrets(), secret, name == null ? "first admin" : name);
        return ApiResponse.json(201, TokenJson.of(created.token()).put("token", created.secret()))
                .header("Location", "/api/v1/tokens/" + created.token().id()).header("ETag", Etags.of(created.token().version()));
    }

    private ApiResponse createToken(ApiRequest request) {
        TokenService.Created created = root.core().tokens().create(root.caller(request), () -> TokenJson.read(JsonBodies.object(request)));
        return ApiResponse.json(201, TokenJson.of(created.token()).put("token", created.secret()))
                .header("Location", "/api/v1/tokens/" + created.token().id()).header("ETag", Etags.of(created.token().version()));
    }
}
