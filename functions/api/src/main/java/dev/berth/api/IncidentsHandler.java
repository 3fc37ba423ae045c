package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.Paging;
import dev.berth.api.json.IncidentJson;
import dev.berth.api.json.ListJson;
import dev.berth.core.error.BerthException;
import dev.berth.core.monitoring.Incident;

/** Incidents the monitor opened when an instance stopped answering, newest first. */
public final class IncidentsHandler extends ApiHandler {

    public IncidentsHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public IncidentsHandler(ApiRoot root) {
        route("GET /api/v1/incidents", r -> {
            Paging paging = Paging.from(r);
            return ApiResponse.json(200, ListJson.of(root.incidents().list(root.caller(r), status(r), r.queryParameter("instanceId"),
                    paging.limit(), paging.cursor()).map(IncidentJson::of)));
        });
        route("GET /api/v1/incidents/{id}", r -> {
            Incident incident = root.incidents().get(root.caller(r), r.pathParameter("id"));
            return ApiResponse.json(200, IncidentJson.of(incident)).header("ETag", Etags.of(incident.version()));
        });
    }

    /** {@code ?status=open|closed}; none: both. */
    private static Boolean status(ApiRequest r) {
        String status = r.queryParameter("status");
        if (status == null) {
            return null;
        }
        return switch (status) {
            case "open" -> true;
            case "closed" -> false;
            default -> throw BerthException.invalid("status", "must be open or closed");
        };
    }
}
