package dev.berth.local.http;

import java.util.Map;

/** The route a request matched and its path parameters (URL-decoded, as API Gateway passes them). */
public record RouteMatch(Route route, Map<String, String> pathParameters) {
}
