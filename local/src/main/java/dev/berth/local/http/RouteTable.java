package dev.berth.local.http;

import dev.berth.local.template.FunctionResource;
import dev.berth.local.template.HttpApiEvent;
import dev.berth.local.template.Template;
import dev.berth.local.template.TemplateException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the route of a request the way an HTTP API does: the most specific path wins (a literal
 * segment beats a path variable, a path variable beats a greedy {@code {proxy+}}, a longer greedy
 * prefix beats a shorter one), an exact method beats {@code ANY}, and {@code $default} catches the
 * rest. A path that matches with another method only is not found (HTTP APIs have no 405).
 */
public final class RouteTable {
    private final List<Route> routes;
    private final Route defaultRoute;

    public RouteTable(List<Route> routes) {
        Map<String, Route> byKey = new LinkedHashMap<>();
        Route fallback = null;
        for (Route r : routes) {
            Route previous = byKey.put(r.routeKey(), r);
            if (previous != null) {
                throw new TemplateException("Route " + r.routeKey() + " is declared twice (functions "
                        + previous.functionName() + " and " + r.functionName() + ")");
            }
            if (r.isDefault()) {
                fallback = r;
            }
        }
        this.routes = byKey.values().stream().filter(r -> !r.isDefault()).sorted(SPECIFIC_FIRST).toList();
        this.defaultRoute = fallback;
    }

    public static RouteTable fromTemplate(Template template) {
        List<Route> routes = new ArrayList<>();
        for (FunctionResource f : template.functions().values()) {
            for (HttpApiEvent e : f.httpApiEvents()) {
                routes.add(new Route(e.method(), e.path(), f.logicalId()));
            }
        }
        return new RouteTable(routes);
    }

    public List<Route> routes() {
        return routes;
    }

    /** @param rawPath the path as received, still percent-encoded */
    public Optional<RouteMatch> match(String method, String rawPath) {
        List<String> segments = Route.split(rawPath.isEmpty() ? "/" : rawPath);
        for (Route route : routes) {
            if (!route.method().equals(method) && !route.method().equals("ANY")) {
                continue;
            }
            Map<String, String> parameters = matchPath(route.segments(), segments);
            if (parameters != null) {
                return Optional.of(new RouteMatch(route, parameters));
            }
        }
        return Optional.ofNullable(defaultRoute).map(r -> new RouteMatch(r, Map.of()));
    }

    /** The methods of the routes whose path matches (for a 405's Allow header), in template order. */
    public List<String> methodsFor(String rawPath) {
        List<String> segments = Route.split(rawPath.isEmpty() ? "/" : rawPath);
        List<String> order = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "ANY");
        return routes.stream().filter(route -> matchPath(route.segments(), segments) != null).map(Route::method).distinct()
                .sorted(java.util.Comparator.comparingInt(order::indexOf)).toList();
    }

    private static Map<String, String> matchPath(List<String> pattern, List<String> segments) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            if (isGreedy(p)) {
                // {proxy+} needs at least one segment and takes the rest, slashes included.
                if (i >= segments.size()) {
                    return null;
                }
                List<String> rest = segments.subList(i, segments.size());
                parameters.put(p.substring(1, p.length() - 2), decode(String.join("/", rest)));
                return parameters;
            }
            if (i >= segments.size()) {
                return null;
            }
            String s = segments.get(i);
            if (isVariable(p)) {
                if (s.isEmpty()) {
                    return null;
                }
                parameters.put(p.substring(1, p.length() - 1), decode(s));
            } else if (!p.equals(decode(s))) {
                return null;
            }
        }
        return pattern.size() == segments.size() ? parameters : null;
    }

    private static boolean isVariable(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    private static boolean isGreedy(String segment) {
        return segment.startsWith("{") && segment.endsWith("+}");
    }

    private static String decode(String segment) {
        // A '+' in a path is a plus, not a space: protect it from the form decoder.
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Non-greedy before greedy; then segment by segment, literal before variable; longer greedy prefixes first; exact method before ANY. */
    private static final Comparator<Route> SPECIFIC_FIRST = (a, b) -> {
        if (a.isGreedy() != b.isGreedy()) {
            return a.isGreedy() ? 1 : -1;
        }
        List<String> sa = a.segments();
        List<String> sb = b.segments();
        for (int i = 0; i < Math.min(sa.size(), sb.size()); i++) {
            int ra = rank(sa.get(i));
            int rb = rank(sb.get(i));
            if (ra != rb) {
                return Integer.compare(ra, rb);
            }
        }
        if (sa.size() != sb.size()) {
            return Integer.compare(sb.size(), sa.size());
        }
        boolean anyA = a.method().equals("ANY");
        boolean anyB = b.method().equals("ANY");
        if (anyA != anyB) {
            return anyA ? 1 : -1;
        }
        return a.routeKey().compareTo(b.routeKey());
    };

    private static int rank(String segment) {
        return isGreedy(segment) ? 2 : isVariable(segment) ? 1 : 0;
    }
}
