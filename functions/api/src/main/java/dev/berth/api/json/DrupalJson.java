package dev.berth.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.http.Etags;
import dev.berth.core.drupal.CodeItem;
import dev.berth.core.drupal.CommandExecution;
import dev.berth.core.drupal.Site;
import dev.berth.core.drupal.SiteCommand;
import dev.berth.core.drupal.SiteFilter;
import dev.berth.core.drupal.SiteRoute;
import dev.berth.core.drupal.SiteService;
import dev.berth.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The Drupal context's resources as JSON, and what clients write. */
public final class DrupalJson {
    private DrupalJson() {
    }

    // ---- code items ("version" is the code's own; "revision" and the ETag the record's)

    private static final Set<String> CODE_FIELDS = Set.of("name", "version", "type", "label", "current", "tags", "gitUrl", "commitHash",
            "registryRebuild", "cacheClear", "updateDatabase");

    public static CodeItem readCode(JsonNode node) {
        FieldReader fields = new FieldReader(node).allowOnly(CODE_FIELDS, Set.of("id", "deploy", "deployReason", "revision", "etag", "createdAt",
                "updatedAt"), "a code item");
        String typeText = fields.text("type");
        CodeItem.Type type = typeText == null ? null : CodeItem.Type.fromWire(typeText).orElse(null);
        if (typeText != null && type == null) {
            fields.problem("type", "must be core, profile, module, theme, library or static");
        }
        CodeItem item = new CodeItem(null, fields.text("name"), fields.text("version"), type, fields.text("label"), fields.bool("current", false),
                fields.texts("tags", List.of()), fields.text("gitUrl"), fields.text("commitHash"), fields.bool("registryRebuild", false),
                fields.bool("cacheClear", true), fields.bool("updateDatabase", true), null, null, null, null, 0);
        fields.done();
        return item;
    }

    public static ObjectNode code(CodeItem c) {
        ObjectNode node = codeDefinition(c);
        node.put("id", c.id());
        node.put("deploy", c.deploy());
        if (c.deployReason() != null) {
            node.put("deployReason", c.deployReason());
        }
        node.put("createdAt", c.createdAt().toString());
        node.put("updatedAt", c.updatedAt().toString());
        node.put("revision", c.version());
        node.put("etag", Etags.of(c.version()));
        return node;
    }

    public static ObjectNode codeDefinition(CodeItem c) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", c.name());
        node.put("version", c.codeVersion());
        node.put("type", c.type().wireName());
        if (c.label() != null) {
            node.put("label", c.label());
        }
        node.put("current", c.current());
        c.tags().forEach(node.putArray("tags")::add);
        node.put("gitUrl", c.gitUrl());
        node.put("commitHash", c.commitHash());
        node.put("registryRebuild", c.registryRebuild());
        node.put("cacheClear", c.cacheClear());
        node.put("updateDatabase", c.updateDatabase());
        return node;
    }

    // ---- sites

    public static SiteService.Draft readSite(JsonNode node, String what) {
        FieldReader fields = new FieldReader(node).allowOnly(Set.of("path", "coreId", "profileId", "packages", "settings", "updateGroup", "environment"),
                Set.of("id", "status", "dates", "createdAt", "updatedAt", "version", "etag"), what);
        Site.Settings settings = null;
        JsonNode s = node.get("settings");
        if (s != null && !s.isNull()) {
            FieldReader sf = new FieldReader(s).allowOnly(Set.of("siteName", "pageCacheMaxAge", "maintenanceMode"), Set.of(), "site settings");
            settings = new Site.Settings(sf.text("siteName"), sf.integer("pageCacheMaxAge", 300), sf.bool("maintenanceMode", false));
            sf.problems().forEach((k, v) -> fields.problem("settings." + k, v));
            if (settings.pageCacheMaxAge() < 0 || settings.pageCacheMaxAge() > 31_536_000) {
                fields.problem("settings.pageCacheMaxAge", "must be 0 to 31536000 seconds");
            }
        }
        Integer group = node.has("updateGroup") ? fields.integer("updateGroup", 0) : null;
        SiteService.Draft draft = new SiteService.Draft(fields.text("path"), fields.text("coreId"), fields.text("profileId"),
                node.has("packages") ? fields.texts("packages", List.of()) : null, settings, group, fields.text("environment"));
        fields.done();
        return draft;
    }

    public static ObjectNode site(Site s) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", s.id());
        node.put("path", s.path());
        node.put("status", s.status().wireName());
        node.put("coreId", s.coreId());
        node.put("profileId", s.profileId());
        s.packages().forEach(node.putArray("packages")::add);
        ObjectNode settings = node.putObject("settings");
        if (s.settings().siteName() != null) {
            settings.put("siteName", s.settings().siteName());
        }
        settings.put("pageCacheMaxAge", s.settings().pageCacheMaxAge());
        settings.put("maintenanceMode", s.settings().maintenanceMode());
        node.put("updateGroup", s.updateGroup());
        node.put("environment", s.environment());
        ObjectNode dates = node.putObject("dates");
        s.dates().forEach((k, v) -> dates.put(k, v.toString()));
        if (s.failureReason() != null) {
            node.put("failureReason", s.failureReason());
        }
        node.put("version", s.version());
        node.put("etag", Etags.of(s.version()));
        return node;
    }

    // ---- routes

    public static SiteRoute readRoute(JsonNode node) {
        FieldReader fields = new FieldReader(node).allowOnly(Set.of("type", "status", "activeOnLaunch", "source", "destination", "redirectCode", "siteId"),
                Set.of("id", "createdAt", "updatedAt", "version", "etag"), "a route");
        Integer code = node.hasNonNull("redirectCode") ? fields.integer("redirectCode", 0) : null;
        SiteRoute route = new SiteRoute(null, fields.text("type"), fields.text("status"), fields.bool("activeOnLaunch", false), fields.text("source"),
                fields.text("destination"), code, fields.text("siteId"), null, null, 0);
        fields.done();
        return route;
    }

    public static ObjectNode routeDefinition(SiteRoute r) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("type", r.type());
        node.put("status", r.status());
        node.put("activeOnLaunch", r.activeOnLaunch());
        node.put("source", r.source());
        if (r.destination() != null) {
            node.put("destination", r.destination());
        }
        if (r.redirectCode() != null) {
            node.put("redirectCode", r.redirectCode());
        }
        if (r.siteId() != null) {
            node.put("siteId", r.siteId());
        }
        return node;
    }

    public static ObjectNode route(SiteRoute r) {
        ObjectNode node = routeDefinition(r);
        node.put("id", r.id());
        node.put("version", r.version());
        node.put("etag", Etags.of(r.version()));
        return node;
    }

    // ---- commands

    public static SiteCommand readCommand(JsonNode node) {
        FieldReader fields = new FieldReader(node).allowOnly(Set.of("label", "commands", "filter", "singleServer"), Set.of("id", "version", "etag"),
                "a command");
        SiteFilter filter = new SiteFilter(List.of(), List.of(), List.of(), List.of(), null);
        JsonNode f = node.get("filter");
        if (f != null && !f.isNull()) {
            FieldReader ff = new FieldReader(f).allowOnly(Set.of("statuses", "environments", "updateGroups", "packages", "pathPrefix"), Set.of(),
                    "a site filter");
            List<Integer> groups = new ArrayList<>();
            if (f.has("updateGroups")) {
                if (!f.get("updateGroups").isArray()) {
                    ff.problem("updateGroups", "must be a list of numbers");
                } else {
                    f.get("updateGroups").forEach(g -> groups.add(g.asInt()));
                }
            }
            filter = new SiteFilter(ff.texts("statuses", List.of()), ff.texts("environments", List.of()), groups, ff.texts("packages", List.of()),
                    ff.text("pathPrefix"));
            ff.problems().forEach((k, v) -> fields.problem("filter." + k, v));
        }
        SiteCommand command = new SiteCommand(null, fields.text("label"), fields.texts("commands", List.of()), filter,
                fields.bool("singleServer", false), null, null, 0);
        fields.done();
        return command;
    }

    public static ObjectNode command(SiteCommand c) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", c.id());
        node.put("label", c.label());
        c.commands().forEach(node.putArray("commands")::add);
        node.set("filter", Json.MAPPER.valueToTree(c.filter()));
        node.put("singleServer", c.singleServer());
        node.put("version", c.version());
        return node;
    }

    public static ObjectNode execution(CommandExecution e) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", e.id());
        node.put("commandId", e.commandId());
        node.put("state", e.state());
        e.siteIds().forEach(node.putArray("siteIds")::add);
        ObjectNode results = node.putObject("results");
        e.results().forEach((site, r) -> results.putObject(site).put("exitCode", r.exitCode()).put("durationMs", r.durationMs()).put("tail", r.tail()));
        node.put("succeeded", e.results().values().stream().filter(r -> r.exitCode() == 0).count());
        node.put("failed", e.results().values().stream().filter(r -> r.exitCode() != 0).count());
        node.put("startedAt", e.startedAt().toString());
        if (e.finishedAt() != null) {
            node.put("finishedAt", e.finishedAt().toString());
        }
        return node;
    }
}
