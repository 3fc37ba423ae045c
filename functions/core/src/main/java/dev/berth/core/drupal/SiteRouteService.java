package dev.berth.core.drupal;

import dev.berth.core.Ids;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.error.BerthException;
import dev.berth.core.json.Json;
import dev.berth.core.port.Workflows;
import dev.berth.core.repository.Documents;
import dev.berth.core.repository.Page;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Routes of the sites' host: a site served at another path, or a redirect. Sources are unique;
 * {@code domainroot} (the host's root) takes only a redirect. An active site route needs a
 * launched site. Every change re-applies the routes (SiteLifecycle's {@code syncRoutes}).
 */
public final class SiteRouteService {
    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9_/-]{0,126}");
    private static final Set<Integer> CODES = Set.of(301, 302, 307);

    private final Documents<SiteRoute> routes;
    private final Documents<Site> sites;
    private final Workflows workflows;
    private final Clock clock;

    public SiteRouteService(Documents<SiteRoute> routes, Documents<Site> sites, Workflows workflows, Clock clock) {
        this.routes = routes;
        this.sites = sites;
        this.workflows = workflows;
        this.clock = clock;
    }

    public SiteRoute create(Principal caller, SiteRoute d) {
        caller.require(Role.MANAGER);
        validate(d);
        Instant now = clock.instant();
        SiteRoute route = new SiteRoute("rt-" + Ids.ulid(now), d.type(), d.status() == null ? "inactive" : d.status(), d.activeOnLaunch(),
                d.source(), d.destination(), d.redirectCode(), d.siteId(), now, now, 1);
        try {
            routes.create(route, route.keys(), entry(route, "create", caller, null, 1L, "route /" + route.source()));
        } catch (BerthException e) {
            throw "duplicate".equals(e.code()) ? BerthException.conflict("duplicate_source", "Another route has source /" + d.source(),
                    Map.of("fields", Map.of("source", "is taken"))) : e;
        }
        sync();
        return route;
    }

    public SiteRoute get(Principal caller, String id) {
        caller.require(Role.VIEWER);
        return routes.get(id, "Route");
    }

    public Page<SiteRoute> list(Principal caller, int limit, String cursor) {
        caller.require(Role.VIEWER);
        return routes.list(limit, cursor);
    }

    public SiteRoute change(Principal caller, String id, Long expectedVersion, UnaryOperator<SiteRoute> change) {
        caller.require(Role.MANAGER);
        SiteRoute current = routes.get(id, "Route");
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw BerthException.stale(current.version());
        }
        SiteRoute d = change.apply(current);
        validate(d);
        SiteRoute updated = new SiteRoute(id, d.type(), d.status(), d.activeOnLaunch(), d.source(), d.destination(), d.redirectCode(), d.siteId(),
                current.createdAt(), clock.instant(), current.version() + 1);
        try {
            routes.update(current, updated, current.keys(), updated.keys(), entry(updated, "update", caller, current.version(), updated.version(),
                    "route /" + updated.source() + " " + updated.status()));
        } catch (BerthException e) {
            throw "duplicate".equals(e.code()) ? BerthException.conflict("duplicate_source", "Another route has source /" + d.source(),
                    Map.of("fields", Map.of("source", "is taken"))) : e;
        }
        sync();
        return updated;
    }

    public void delete(Principal caller, String id, Long expectedVersion) {
        caller.require(Role.MANAGER);
        SiteRoute current = routes.get(id, "Route");
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw BerthException.stale(current.version());
        }
        routes.delete(current, current.keys(), entry(current, "delete", caller, current.version(), null, "deleted route /" + current.source()));
        sync();
    }

    private void sync() {
        workflows.start(SiteService.LIFECYCLE_MACHINE, "routes-" + Ids.ulid(clock.instant()), Json.write(Map.of("siteId", "-", "operation", "syncRoutes")));
    }

    private void validate(SiteRoute d) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (!"site".equals(d.type()) && !"redirect".equals(d.type())) {
            problems.put("type", "must be site or redirect");
        }
        if (d.status() != null && !"active".equals(d.status()) && !"inactive".equals(d.status())) {
            problems.put("status", "must be active or inactive");
        }
        if (d.source() == null || !SOURCE.matcher(d.source()).matches() || d.source().contains("//") || d.source().endsWith("/")) {
            problems.put("source", "must be a path such as about/us (a-z, 0-9, _, -, /)");
        } else if ("domainroot".equals(d.source()) && !"redirect".equals(d.type())) {
            problems.put("source", "domainroot (the host's root) takes only a redirect");
        }
        if ("redirect".equals(d.type())) {
            if (d.redirectCode() == null || !CODES.contains(d.redirectCode())) {
                problems.put("redirectCode", "must be 301, 302 or 307");
            }
            if (!isUrl(d.destination())) {
                problems.put("destination", "must be an http(s) URL");
            }
        }
        if ("site".equals(d.type())) {
            Site site = d.siteId() == null ? null : sites.find(d.siteId()).orElse(null);
            if (site == null) {
                problems.put("siteId", "must name a site");
            } else if ("active".equals(d.status()) && site.status() != SiteStatus.LAUNCHED && site.status() != SiteStatus.LOCKED) {
                problems.put("status", "an active site route needs a launched site (" + site.id() + " is " + site.status().wireName() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw BerthException.invalid(problems);
        }
    }

    private static boolean isUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null && value.length() <= 2000;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private AuditEntry entry(SiteRoute route, String action, Principal caller, Long before, Long after, String summary) {
        return new AuditEntry(route.id(), "route", action, caller.actor(), clock.instant(), before, after, summary);
    }
}
