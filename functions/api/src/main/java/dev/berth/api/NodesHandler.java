package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.JsonBodies;
import dev.berth.api.http.Paging;
import dev.berth.api.json.ListJson;
import dev.berth.api.json.NodeJson;
import dev.berth.core.error.BerthException;
import dev.berth.core.nodes.Node;

/** Nodes: VMs for container services and Drupal web servers; created and destroyed by state machines (202). */
public final class NodesHandler extends ApiHandler {
    private final ApiRoot root;

    public NodesHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public NodesHandler(ApiRoot root) {
        this.root = root;
        route("POST /api/v1/nodes", r -> {
            Node node = root.nodes().create(root.caller(r), () -> NodeJson.read(JsonBodies.object(r)));
            return ApiResponse.json(202, NodeJson.of(node, null)).header("Location", "/api/v1/nodes/" + node.id())
                    .header("ETag", Etags.of(node.version()));
        });
        route("GET /api/v1/nodes", r -> {
            Paging paging = Paging.from(r);
            return ApiResponse.json(200, ListJson.of(root.nodes().list(root.caller(r), role(r), paging.limit(), paging.cursor())
                    .map(n -> NodeJson.of(n, null))));
        });
        route("GET /api/v1/nodes/{id}", r -> {
            Node node = root.nodes().get(root.caller(r), r.pathParameter("id"));
            return ApiResponse.json(200, NodeJson.of(node, root.nodes().workloads(root.caller(r), node.id()))).header("ETag", Etags.of(node.version()));
        });
        route("DELETE /api/v1/nodes/{id}", this::destroy);
    }

    private ApiResponse destroy(ApiRequest r) {
        Node node = root.nodes().destroy(root.caller(r), r.pathParameter("id"), Etags.expectedVersion(r.header("if-match")),
                r.booleanQueryParameter("force"));
        return ApiResponse.json(202, NodeJson.of(node, null)).header("ETag", Etags.of(node.version()));
    }

    private static Node.Role role(ApiRequest r) {
        String role = r.queryParameter("role");
        return role == null ? null : Node.Role.fromWire(role).orElseThrow(() -> BerthException.invalid("role", "must be docker or web"));
    }
}
