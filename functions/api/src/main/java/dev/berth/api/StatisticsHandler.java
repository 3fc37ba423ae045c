package dev.berth.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.JsonBodies;
import dev.berth.core.drupal.SiteStatistics;
import dev.berth.core.json.Json;
import java.util.Map;

/** Sites' statistics: written by each site with its own credential, read by anyone who may read the fleet. */
public final class StatisticsHandler extends ApiHandler {
    private final ApiRoot root;

    public StatisticsHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public StatisticsHandler(ApiRoot root) {
        this.root = root;
        route("PUT /api/v1/statistics/{siteId}", this::put);
        route("GET /api/v1/statistics/{siteId}", r -> item(200, root.drupal().statistics().get(root.caller(r), r.pathParameter("siteId"))));
    }

    /** Bearer {@code <sid>.<secret>}: the site's own credential, not an API token. */
    @SuppressWarnings("unchecked")
    private ApiResponse put(ApiRequest r) {
        String authorization = r.header("authorization");
        String credential = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        ObjectNode body = JsonBodies.object(r);
        Long expected = r.header("if-match") == null ? null : Etags.expectedVersion(r.header("if-match"));
        SiteStatistics saved = root.drupal().statistics().put(credential, r.pathParameter("siteId"), expected,
                Json.MAPPER.convertValue(body, Map.class), body.toString().length());
        return item(200, saved);
    }

    private static ApiResponse item(int status, SiteStatistics statistics) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("siteId", statistics.id());
        node.set("document", Json.MAPPER.valueToTree(statistics.document()));
        node.put("updatedAt", statistics.updatedAt().toString());
        node.put("version", statistics.version());
        return ApiResponse.json(status, node).header("ETag", Etags.of(statistics.version()));
    }
}
