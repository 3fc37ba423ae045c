package dev.berth.local.template;

/**
 * An {@code HttpApi} event of a function: one route of the HTTP API. {@code method} is upper case
 * or {@code ANY}; a route without method and path is the {@code $default} route.
 */
public record HttpApiEvent(String eventName, String method, String path) {
    public static final String DEFAULT_ROUTE = "$default";

    public boolean isDefaultRoute() {
        return path == null;
    }

    /** The route key API Gateway puts into the event: {@code GET /api/v1/instances/{id}} or {@code $default}. */
    public String routeKey() {
        return isDefaultRoute() ? DEFAULT_ROUTE : method + " " + path;
    }
}
