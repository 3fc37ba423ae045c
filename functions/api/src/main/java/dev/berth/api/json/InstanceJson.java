package dev.berth.api.json;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.berth.core.domain.Theme;
import dev.berth.core.domain.TutorPlugin;
import dev.berth.core.error.BerthException;
import dev.berth.core.json.JsonTrees;
import dev.berth.core.openedx.TutorReleases;
import dev.berth.core.service.InstanceService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Instances as JSON: the representation the API returns, and the settings a client may send
 * (create body, merge patch). Type errors, unknown and read-only fields are reported by name;
 * the fields of the Ansible era say what replaced them.
 */
public final class InstanceJson {
    private static final Set<String> STRING_FIELDS = Set.of("name", "subDomain", "baseDomain", "openedxRelease", "tutorVersion",
            "edxPlatformRepo", "edxPlatformRef", "dockerImage", "extraSettings", "ownerEmail", "rebuildSchedule", "profile");
    private static final Set<String> BOOLEAN_FIELDS = Set.of("ephemeralDatabases", "allowMultipleActive");
    private static final Set<String> OBJECT_FIELDS = Set.of("domainPrefixes", "theme", "plugins", "compute");
    private static final Set<String> PROFILE_FIELDS = dev.berth.core.profile.ProfileDefaults.FIELDS;
    private static final Set<String> READ_ONLY = Set.of("id", "status", "domains", "url", "tutor", "activeAppServerIds", "activeAppServers",
            "createdAt", "updatedAt", "version", "etag", "profileOverrides");
    /** Fields clients of the Ansible era may still send, with what replaced them. */
    private static final Map<String, String> REPLACED = Map.of(
            "configurationRepo", "was replaced: Berth deploys Open edX with Tutor (set tutorVersion, or leave it to openedxRelease)",
            "configurationVersion", "was replaced: Berth deploys Open edX with Tutor (set tutorVersion, or leave it to openedxRelease)",
            "edxPlatformCommit", "was renamed edxPlatformRef (a branch, tag or commit)");
    private final java.util.function.UnaryOperator<String> publicUrl;

    /** @param publicUrl how the load balancer serves a host (scheme and port differ locally) */
    public InstanceJson(java.util.function.UnaryOperator<String> publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** The settings a create starts from before the body is merged over them. */
    public ObjectNode defaults(BerthConfig config) {
        ObjectNode node = JsonTrees.object();
        node.put("baseDomain", config.baseDomain());
        node.set("domainPrefixes", JsonTrees.valueOf(config.domainPrefixes().asMap()));
        BerthConfig.InstanceDefaults d = config.instanceDefaults();
        node.put("openedxRelease", d.openedxRelease());
        node.put("edxPlatformRepo", d.edxPlatformRepo());
        if (d.edxPlatformRef() != null) {
            node.put("edxPlatformRef", d.edxPlatformRef());
        }
        ArrayNode plugins = node.putArray("plugins");
        d.plugins().forEach(name -> plugins.addObject().put("name", name));
        node.put("ephemeralDatabases", false);
        node.put("allowMultipleActive", false);
        node.put("rebuildSchedule", "off");
        return node;
    }

    /** The settings a create body asks for: the defaults with the body merged over them. */
    public InstanceSettings createSettings(ObjectNode body, BerthConfig config) {
        return createSettings(body, config, name -> Optional.empty());
    }

    /**
     * The settings a create body asks for: the defaults, then the defaults of the profile it
     * names ({@code "profile"}), then the body, each merged over the one before.
     */
    public InstanceSettings createSettings(ObjectNode body, BerthConfig config, Function<String, Optional<Map<String, Object>>> profiles) {
        checkClientFields(body);
        ObjectNode start = defaults(config);
        JsonNode profile = body.get("profile");
        if (profile != null && profile.isTextual()) {
            Map<String, Object> defaults = profiles.apply(profile.asText())
                    .orElseThrow(() -> BerthException.invalid("profile", "names no profile (GET /api/v1/profiles lists them)"));
            start = (ObjectNode) JsonMergePatch.apply(start, JsonTrees.valueOf(defaults));
        }
        ObjectNode merged = (ObjectNode) JsonMergePatch.apply(start, body);
        merged.set("profileOverrides", JsonTrees.valueOf(overrides(body, List.of())));
        return readSettings(merged);
    }

    /** The profile fields an instance sets itself: those it had, and those a body gives a value (null: the profile's again). */
    private static List<String> overrides(ObjectNode body, List<String> had) {
        Set<String> fields = new java.util.TreeSet<>(had);
        PROFILE_FIELDS.forEach(field -> {
            if (body.has(field)) {
                if (body.get(field).isNull()) {
                    fields.remove(field);
                } else {
                    fields.add(field);
                }
            }
        });
        return List.copyOf(fields);
    }

    /** Checks a profile's defaults as instance settings would read them; a problem is named {@code defaults.<field>}. */
    public void checkProfileDefaults(ObjectNode defaults, BerthConfig config, java.util.function.Consumer<InstanceSettings> rules) {
        Map<String, String> errors = new LinkedHashMap<>();
        defaults.fieldNames().forEachRemaining(name -> {
            if (!PROFILE_FIELDS.contains(name)) {
                errors.put("defaults." + name, "is not a setting a profile may hold " + PROFILE_FIELDS.stream().sorted().toList());
            }
        });
        if (!errors.isEmpty()) {
            throw BerthException.invalid(errors);
        }
        ObjectNode probe = (ObjectNode) JsonMergePatch.apply(defaults(config), defaults);
        probe.put("name", "profile check").put("subDomain", "profile-check");
        try {
            rules.accept(readSettings(probe));
        } catch (BerthException e) {
            Object fields = e.details().get("fields");
            if (fields instanceof Map<?, ?> map) {
                map.forEach((k, v) -> errors.put("defaults." + k, String.valueOf(v)));
                throw BerthException.invalid(errors);
            }
            throw e;
        }
    }

    /** {@code current} with a JSON merge patch of settings applied. */
    public InstanceSettings patchSettings(ObjectNode patch, InstanceSettings current) {
        checkClientFields(patch);
        ObjectNode merged = (ObjectNode) JsonMergePatch.apply(settingsNode(current), patch);
        merged.set("profileOverrides", JsonTrees.valueOf(overrides(patch, current.profileOverrides())));
        return readSettings(merged);
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

    public ObjectNode settingsNode(InstanceSettings s) {
        ObjectNode node = JsonTrees.object();
        node.put("name", s.name());
        node.put("subDomain", s.subDomain());
        node.put("baseDomain", s.baseDomain());
        node.set("domainPrefixes", JsonTrees.valueOf(s.domainPrefixes().asMap()));
        node.put("openedxRelease", s.openedxRelease());
        node.put("tutorVersion", s.tutorVersion());
        ArrayNode plugins = node.putArray("plugins");
        for (TutorPlugin plugin : s.plugins()) {
            ObjectNode p = plugins.addObject().put("name", plugin.name());
            if (plugin.version() != null) {
                p.put("version", plugin.version());
            }
        }
        node.put("edxPlatformRepo", s.edxPlatformRepo());
        node.put("edxPlatformRef", s.edxPlatformRef());
        node.put("dockerImage", s.dockerImage());
        if (s.theme() != null) {
            node.set("theme", stripNulls(JsonTrees.object().put("name", s.theme().name()).put("repository", s.theme().repository())
                    .put("ref", s.theme().ref())));
        }
        node.put("extraSettings", s.extraSettings());
        node.put("ephemeralDatabases", s.ephemeralDatabases());
        node.put("ownerEmail", s.ownerEmail());
        node.put("allowMultipleActive", s.allowMultipleActive());
        node.put("rebuildSchedule", s.rebuildSchedule());
        node.put("profile", s.profile());
        if (s.profile() != null) {
            s.profileOverrides().forEach(node.putArray("profileOverrides")::add);
        }
        if (!s.compute().unset()) {
            ObjectNode compute = node.putObject("compute");
            compute.put("flavor", s.compute().flavor()).put("image", s.compute().image()).put("userData", s.compute().userData());
            s.compute().securityGroups().forEach(compute.putArray("securityGroups")::add);
            stripNulls(compute);
        }
        return stripNulls(node);
    }

    /** Fields a client sent that it may not send: unknown ones, read-only ones, and those of the Ansible era. */
    public void checkClientFields(ObjectNode body) {
        Map<String, String> errors = new LinkedHashMap<>();
        body.fieldNames().forEachRemaining(name -> {
            if (REPLACED.containsKey(name)) {
                errors.put(name, REPLACED.get(name));
            } else if (READ_ONLY.contains(name)) {
                errors.put(name, "is read-only");
            } else if (!STRING_FIELDS.contains(name) && !OBJECT_FIELDS.contains(name) && !BOOLEAN_FIELDS.contains(name)) {
                errors.put(name, "is not a field of an instance");
            }
        });
        JsonNode prefixes = body.get("domainPrefixes");
        if (prefixes != null && prefixes.isObject()) {
            prefixes.fieldNames().forEachRemaining(name -> {
                if (!DomainPrefixes.ROLES.contains(name)) {
                    errors.put("domainPrefixes." + name, "is not a domain prefix " + DomainPrefixes.ROLES.stream().sorted().toList());
                }
            });
        }
        if (!errors.isEmpty()) {
            throw BerthException.invalid(errors);
        }
    }

    /** Reads settings from a node where every field has already been checked as known. */
    public InstanceSettings readSettings(JsonNode node) {
        FieldReader fields = new FieldReader(node);
        for (String field : BOOLEAN_FIELDS) {
            fields.bool(field, false);
        }
        Map<String, String> prefixes = new LinkedHashMap<>();
        JsonNode prefixNode = node.get("domainPrefixes");
        if (prefixNode != null && !prefixNode.isObject()) {
            fields.problem("domainPrefixes", "must be an object such as {\"studio\": \"studio\"}");
        } else {
            for (String role : DomainPrefixes.DEFAULT.asMap().keySet()) {
                JsonNode value = prefixNode == null ? null : prefixNode.get(role);
                if (value != null && !value.isTextual()) {
                    fields.problem("domainPrefixes." + role, "must be a string");
                }
                prefixes.put(role, value == null || !value.isTextual() ? null : value.asText());
            }
        }
        InstanceSettings settings = new InstanceSettings(fields.text("name"), fields.text("subDomain"), fields.text("baseDomain"),
                DomainPrefixes.fromMap(prefixes), fields.text("openedxRelease"), fields.text("tutorVersion"), plugins(node.get("plugins"), fields),
                fields.text("edxPlatformRepo"), fields.text("edxPlatformRef"), fields.text("dockerImage"), theme(node.get("theme"), fields),
                fields.text("extraSettings"), fields.bool("ephemeralDatabases", false), fields.text("ownerEmail"),
                fields.bool("allowMultipleActive", false), fields.text("rebuildSchedule"),
                fields.text("profile"), compute(node.get("compute"), fields), profileOverrides(node.get("profileOverrides")));
        fields.done();
        return settings;
    }

    /** Set by this class, never by a client (a read-only field). */
    private static List<String> profileOverrides(JsonNode node) {
        List<String> fields = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(field -> fields.add(field.asText()));
        }
        return fields;
    }

    /** {@code ["mfe", {"name": "discovery", "version": "21.0.1"}]}: a name alone takes the version that goes with Tutor. */
    private static List<TutorPlugin> plugins(JsonNode node, FieldReader fields) {
        List<TutorPlugin> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            fields.problem("plugins", "must be a list of plugin names or {\"name\", \"version\"} objects");
            return out;
        }
        for (JsonNode plugin : node) {
            if (plugin.isTextual()) {
                out.add(new TutorPlugin(plugin.asText(), null));
            } else if (plugin.isObject() && plugin.path("name").isTextual()
                    && (plugin.path("version").isMissingNode() || plugin.path("version").isTextual())) {
                out.add(new TutorPlugin(plugin.get("name").asText(), plugin.path("version").isTextual() ? plugin.get("version").asText() : null));
            } else {
                fields.problem("plugins", "must be a list of plugin names or {\"name\", \"version\"} objects");
            }
        }
        return out;
    }

    private static dev.berth.core.domain.ComputeSettings compute(JsonNode node, FieldReader fields) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            fields.problem("compute", "must be an object such as {\"flavor\": \"m1.xlarge\"}");
            return null;
        }
        FieldReader compute = new FieldReader(node).allowOnly(Set.of("flavor", "image", "securityGroups", "userData"), Set.of(), "compute settings");
        var out = new dev.berth.core.domain.ComputeSettings(compute.text("flavor"), compute.text("image"), compute.texts("securityGroups", List.of()),
                compute.text("userData"));
        compute.problems().forEach((field, problem) -> fields.problem("compute." + field, problem));
        return out;
    }

    private static Theme theme(JsonNode node, FieldReader fields) {
        if (node == null || node.isNull()) {
            return null;
        }
        FieldReader theme = new FieldReader(node).allowOnly(Set.of("name", "repository", "ref"), Set.of(), "a theme");
        Theme out = node.isObject() ? new Theme(theme.text("name"), theme.text("repository"), theme.text("ref")) : null;
        theme.problems().forEach((field, problem) -> fields.problem("theme." + field, problem));
        if (!node.isObject()) {
            fields.problem("theme", "must be an object such as {\"name\": \"indigo\"}");
        }
        return out;
    }

    /** An instance; its extra settings only for callers who see internals. */
    public ObjectNode instance(Instance instance, Principal caller) {
        ObjectNode node = JsonTrees.object();
        node.put("id", instance.id());
        node.setAll(settingsNode(instance.settings()));
        if (!caller.seesInternals()) {
            node.remove("extraSettings");
            if (node.get("compute") instanceof ObjectNode compute) {
                compute.remove("userData"); // it may hold what extra settings hold
            }
        }
        node.set("domains", JsonTrees.valueOf(domains(instance)));
        node.put("url", publicUrl.apply(instance.domains().lms()));
        TutorReleases.find(instance.settings().openedxRelease()).ifPresent(release -> node.putObject("tutor")
                .put("version", instance.settings().effectiveTutorVersion()).put("platformRef", instance.settings().effectivePlatformRef()));
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
        Map<String, String> out = new LinkedHashMap<>();
        out.put("lms", instance.domains().lms());
        out.putAll(instance.domains().sites());
        return out;
    }

    private static ObjectNode stripNulls(ObjectNode node) {
        List<String> nulls = new ArrayList<>();
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                nulls.add(e.getKey());
            }
        });
        nulls.forEach(node::remove);
        return node;
    }
}
