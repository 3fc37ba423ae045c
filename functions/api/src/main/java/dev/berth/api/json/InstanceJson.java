package dev.berth.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.http.Etags;
import dev.berth.core.auth.Principal;
import dev.berth.core.config.BerthConfig;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.DomainPrefixes;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceSettings;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.error.BerthException;
import dev.berth.core.service.InstanceService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Instances as JSON: the representation the API returns, and the settings a client may send
 * (create body, merge patch). Type errors, unknown and read-only fields are reported by name.
 */
public final class InstanceJson {
    private static final Set<String> STRING_FIELDS = Set.of("name", "subDomain", "baseDomain", "openedxRelease",
            "configurationRepo", "configurationVersion", "edxPlatformRepo", "edxPlatformCommit", "extraSettings", "ownerEmail");
    private static final Set<String> BOOLEAN_FIELDS = Set.of("ephemeralDatabases", "allowMultipleActive");
    private static final Set<String> READ_ONLY = Set.of("id", "status", "domains", "url", "activeAppServerIds", "activeAppServers",
            "createdAt", "updatedAt", "version", "etag");
    private final ObjectMapper json;
    private final java.util.function.UnaryOperator<String> publicUrl;

    public InstanceJson(ObjectMapper json) {
        this(json, host -> "https://" + host + "/");
    }

    /** @param publicUrl how the load balancer serves a host (scheme and port differ locally) */
    public InstanceJson(ObjectMapper json, java.util.function.UnaryOperator<String> publicUrl) {
        this.json = json;
        this.publicUrl = publicUrl;
    }

    /** The settings a create starts from before the body is merged over them. */
    public ObjectNode defaults(BerthConfig config) {
        ObjectNode node = json.createObjectNode();
        node.put("baseDomain", config.baseDomain());
        node.set("domainPrefixes", json.valueToTree(config.domainPrefixes().asMap()));
        BerthConfig.InstanceDefaults d = config.instanceDefaults();
        node.put("openedxRelease", d.openedxRelease());
        node.put("configurationRepo", d.configurationRepo());
        node.put("configurationVersion", d.configurationVersion());
        node.put("edxPlatformRepo", d.edxPlatformRepo());
        node.put("edxPlatformCommit", d.edxPlatformCommit());
        node.put("ephemeralDatabases", false);
        node.put("allowMultipleActive", false);
        return node;
    }

    public ObjectNode settingsNode(InstanceSettings s) {
        ObjectNode node = json.createObjectNode();
        node.put("name", s.name());
        node.put("subDomain", s.subDomain());
        node.put("baseDomain", s.baseDomain());
        node.set("domainPrefixes", json.valueToTree(s.domainPrefixes().asMap()));
        node.put("openedxRelease", s.openedxRelease());
        node.put("configurationRepo", s.configurationRepo());
        node.put("configurationVersion", s.configurationVersion());
        node.put("edxPlatformRepo", s.edxPlatformRepo());
        node.put("edxPlatformCommit", s.edxPlatformCommit());
        node.put("extraSettings", s.extraSettings());
        node.put("ephemeralDatabases", s.ephemeralDatabases());
        node.put("ownerEmail", s.ownerEmail());
        node.put("allowMultipleActive", s.allowMultipleActive());
        return stripNulls(node);
    }

    /** Fields a client sent that it may not send: unknown ones and read-only ones. */
    public void checkClientFields(ObjectNode body) {
        Map<String, String> errors = new LinkedHashMap<>();
        body.fieldNames().forEachRemaining(name -> {
            if (READ_ONLY.contains(name)) {
                errors.put(name, "is read-only");
            } else if (!STRING_FIELDS.contains(name) && !name.equals("domainPrefixes") && !BOOLEAN_FIELDS.contains(name)) {
                errors.put(name, "is not a field of an instance");
            }
        });
        JsonNode prefixes = body.get("domainPrefixes");
        if (prefixes != null && prefixes.isObject()) {
            prefixes.fieldNames().forEachRemaining(name -> {
                if (!DomainPrefixes.DEFAULT.asMap().containsKey(name)) {
                    errors.put("domainPrefixes." + name, "is not a domain prefix (studio, preview, ecommerce, discovery)");
                }
            });
        }
        if (!errors.isEmpty()) {
            throw BerthException.invalid(errors);
        }
    }

    /** The settings of a create body: the defaults with the body merged over them. */
    public InstanceSettings createSettings(ObjectNode body, BerthConfig config) {
        checkClientFields(body);
        return readSettings(JsonMergePatch.apply(defaults(config), body));
    }

    /** {@code current} with a JSON merge patch of settings applied. */
    public InstanceSettings patchSettings(ObjectNode patch, InstanceSettings current) {
        checkClientFields(patch);
        return readSettings(JsonMergePatch.apply(settingsNode(current), patch));
    }

    /** The {@code ?status=} filter of the instance list (active by default). */
    public static InstanceStatus status(String value) {
        return value == null ? InstanceStatus.ACTIVE : InstanceStatus.fromWire(value)
                .orElseThrow(() -> BerthException.invalid("status", "must be active or archived"));
    }

    /** The {@code ?pullRequest=} number of a sandbox lookup, or -1 when it is not one. */
    public static int pullRequestNumber(String value) {
        try {
            return Integer.parseInt(String.valueOf(value));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Reads settings from a node where every field has already been checked as known. */
    public InstanceSettings readSettings(JsonNode node) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (String field : STRING_FIELDS) {
            JsonNode value = node.get(field);
            if (value != null && !value.isTextual() && !value.isNull()) {
                errors.put(field, "must be a string");
            }
        }
        for (String field : BOOLEAN_FIELDS) {
            JsonNode value = node.get(field);
            if (value != null && !value.isBoolean()) {
                errors.put(field, "must be true or false");
            }
        }
        Map<String, String> prefixes = new LinkedHashMap<>();
        JsonNode prefixNode = node.get("domainPrefixes");
        if (prefixNode != null && !prefixNode.isObject()) {
            errors.put("domainPrefixes", "must be an object such as {\"studio\": \"studio\"}");
        } else {
            for (String name : DomainPrefixes.DEFAULT.asMap().keySet()) {
                JsonNode value = prefixNode == null ? null : prefixNode.get(name);
                if (value == null) {
                    prefixes.put(name, null);
                } else if (!value.isTextual()) {
                    errors.put("domainPrefixes." + name, "must be a string");
                } else {
                    prefixes.put(name, value.asText());
                }
            }
        }
        if (!errors.isEmpty()) {
            throw BerthException.invalid(errors);
        }
        return new InstanceSettings(text(node, "name"), text(node, "subDomain"), text(node, "baseDomain"),
                DomainPrefixes.fromMap(prefixes), text(node, "openedxRelease"), text(node, "configurationRepo"),
                text(node, "configurationVersion"), text(node, "edxPlatformRepo"), text(node, "edxPlatformCommit"),
                text(node, "extraSettings"), node.path("ephemeralDatabases").asBoolean(false), text(node, "ownerEmail"),
                node.path("allowMultipleActive").asBoolean(false));
    }

    /** An instance; its extra settings only for callers who see internals. */
    public ObjectNode instance(Instance instance, Principal caller) {
        ObjectNode node = json.createObjectNode();
        node.put("id", instance.id());
        node.setAll(settingsNode(instance.settings()));
        if (!caller.seesInternals()) {
            node.remove("extraSettings");
        }
        node.set("domains", json.valueToTree(domains(instance)));
        node.put("url", publicUrl.apply(instance.domains().lms()));
        node.put("status", instance.status().wireName());
        ArrayNode active = node.putArray("activeAppServerIds");
        instance.activeAppServerIds().forEach(active::add);
        node.put("createdAt", instance.createdAt().toString());
        node.put("updatedAt", instance.updatedAt().toString());
        node.put("version", instance.version());
        node.put("etag", Etags.of(instance.version()));
        return node;
    }

    public ObjectNode view(InstanceService.View view, AppServerJson appServers, Principal caller) {
        ObjectNode node = instance(view.instance(), caller);
        ArrayNode active = node.putArray("activeAppServers");
        for (AppServer server : view.activeAppServers()) {
            active.add(appServers.summary(server, caller));
        }
        return node;
    }

    private static Map<String, String> domains(Instance instance) {
        var d = instance.domains();
        Map<String, String> out = new LinkedHashMap<>();
        out.put("lms", d.lms());
        out.put("studio", d.studio());
        out.put("preview", d.preview());
        out.put("ecommerce", d.ecommerce());
        out.put("discovery", d.discovery());
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static ObjectNode stripNulls(ObjectNode node) {
        List<String> nulls = new java.util.ArrayList<>();
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                nulls.add(e.getKey());
            }
        });
        nulls.forEach(node::remove);
        return node;
    }
}
