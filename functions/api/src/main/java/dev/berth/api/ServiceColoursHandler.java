package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.JsonBodies;
import dev.berth.api.json.FieldReader;
import dev.berth.api.json.LogJson;
import java.util.Set;

/** A service's colours (launch, redeploy, terminate, logs), builds and promotion; each starts a state machine (202). */
public final class ServiceColoursHandler extends ApiHandler {
    private static final int LOG_PAGE = 1000;
    private final ApiRoot root;

    public ServiceColoursHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public ServiceColoursHandler(ApiRoot root) {
        this.root = root;
        route("POST /api/v1/services/{name}/colours/{colour}/launch", r -> accepted(root.services().launch(root.caller(r), r.pathParameter("name"),
                r.pathParameter("colour"), field(r, Set.of("node"), "node"))));
        route("POST /api/v1/services/{name}/colours/{colour}/redeploy", r -> accepted(root.services().redeploy(root.caller(r),
                r.pathParameter("name"), r.pathParameter("colour"))));
        route("POST /api/v1/services/{name}/colours/{colour}/terminate", r -> accepted(root.services().terminate(root.caller(r),
                r.pathParameter("name"), r.pathParameter("colour"), Etags.expectedVersion(r.header("if-match")))));
        route("GET /api/v1/services/{name}/colours/{colour}/logs", this::logs);
        route("GET /api/v1/services/{name}/colours/{colour}/logs/download", this::download);
        route("POST /api/v1/services/{name}/builds", this::build);
        route("POST /api/v1/services/{name}/promote", r -> accepted(root.services().promote(root.caller(r), r.pathParameter("name"),
                field(r, Set.of("colour"), "colour"), Etags.expectedVersion(r.header("if-match")))));
    }

    private ApiResponse build(ApiRequest r) {
        FieldReader fields = new FieldReader(JsonBodies.object(r)).allowOnly(Set.of("colour", "gitUrl", "commit"), Set.of(), "a build");
        String colour = fields.text("colour");
        String gitUrl = fields.text("gitUrl");
        String commit = fields.text("commit");
        fields.done();
        return accepted(root.services().build(root.caller(r), r.pathParameter("name"), colour, gitUrl, commit));
    }

    private ApiResponse logs(ApiRequest r) {
        long after = LogJson.cursor(r.queryParameter("after"));
        return ApiResponse.json(200, LogJson.page(root.services().log(root.caller(r), r.pathParameter("name"), r.pathParameter("colour"),
                after, LOG_PAGE), after));
    }

    private ApiResponse download(ApiRequest r) {
        return ApiResponse.text(200, LogJson.text(root.services().fullLog(root.caller(r), r.pathParameter("name"), r.pathParameter("colour"))),
                r.pathParameter("name") + "-" + r.pathParameter("colour") + ".log");
    }

    private static String field(ApiRequest r, Set<String> allowed, String name) {
        FieldReader fields = new FieldReader(JsonBodies.object(r)).allowOnly(allowed, Set.of(), "this request");
        String value = fields.text(name);
        fields.done();
        return value;
    }

    private static ApiResponse accepted(dev.berth.core.services.Service service) {
        return ServicesHandler.item(202, service);
    }
}
