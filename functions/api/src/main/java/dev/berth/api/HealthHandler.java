package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiResponse;
import dev.berth.core.json.JsonTrees;

/** {@code GET /api/v1/health}: answers without auth and without touching the table (so it builds no root on Lambda). */
public final class HealthHandler extends ApiHandler {

    public HealthHandler() {
        route("GET /api/v1/health", request -> ApiResponse.json(200, JsonTrees.object().put("status", "ok")));
    }

    public HealthHandler(ApiRoot root) {
        this();
    }
}
