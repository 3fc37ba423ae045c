package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiResponse;
import java.util.Map;

/** {@code GET /api/v1/health}: answers without auth and without touching the table. */
public final class HealthHandler extends ApiHandler {

    public HealthHandler() {
        this(System.getenv());
    }

    public HealthHandler(Map<String, String> env) {
        route("GET /api/v1/health", request -> ApiResponse.json(200, JSON.createObjectNode().put("status", "ok")));
    }
}
