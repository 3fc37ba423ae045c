package dev.berth.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.http.Etags;
import dev.berth.core.domain.WatchedRepository;
import dev.berth.core.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Watched repositories as JSON, and the fields a client may write. */
public final class WatchedRepositoryJson {
    private static final Set<String> WRITABLE = Set.of("fullName", "baseDomain", "defaultSettings", "allowedSettingsKeys",
            "openedxRelease", "tutorVersion", "githubOrganization", "githubTeam",
            "allowedAuthorAssociations", "labelGate", "maxConcurrentSandboxes", "keepDaysAfterClose", "enabled");
    private static final Set<String> READ_ONLY = Set.of("id", "createdAt", "updatedAt", "version", "etag");

    private WatchedRepositoryJson() {
    }

    /** Reads a create body, or a patched representation of {@code current}. */
    public static WatchedRepository read(JsonNode node, WatchedRepository current) {
        FieldReader fields = new FieldReader(node).allowOnly(WRITABLE, READ_ONLY, "a watched repository");
        for (String replaced : List.of("configurationRepo", "configurationVersion")) {
            if (node.has(replaced)) {
                fields.problem(replaced, "was replaced: Berth deploys Open edX with Tutor (set tutorVersion, or leave it to openedxRelease)");
            }
        }
        WatchedRepository repo = new WatchedRepository(current == null ? null : current.id(), fields.text("fullName"),
                fields.text("baseDomain"), fields.text("defaultSettings"), fields.texts("allowedSettingsKeys", List.of()),
                fields.text("openedxRelease"), fields.text("tutorVersion"),
                fields.text("githubOrganization"), fields.text("githubTeam"),
                new HashSet<>(fields.texts("allowedAuthorAssociations", new ArrayList<>(WatchedRepository.DEFAULT_AUTHOR_ASSOCIATIONS))),
                fields.text("labelGate"), fields.integer("maxConcurrentSandboxes", 5), fields.integer("keepDaysAfterClose", 7),
                fields.bool("enabled", true), current == null ? null : current.createdAt(), current == null ? null : current.updatedAt(),
                current == null ? 0 : current.version());
        fields.done();
        return repo;
    }

    /** {@code current} with a JSON merge patch applied. */
    public static WatchedRepository patched(WatchedRepository current, ObjectNode patch) {
        ObjectNode editable = of(current);
        READ_ONLY.forEach(editable::remove);
        return read(JsonMergePatch.apply(editable, patch), current);
    }

    public static ObjectNode of(WatchedRepository r) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", r.id());
        node.put("fullName", r.fullName());
        node.put("baseDomain", r.baseDomain());
        if (r.defaultSettings() != null) {
            node.put("defaultSettings", r.defaultSettings());
        }
        r.allowedSettingsKeys().forEach(node.putArray("allowedSettingsKeys")::add);
        Map<String, String> optional = new LinkedHashMap<>();
        optional.put("openedxRelease", r.openedxRelease());
        optional.put("tutorVersion", r.tutorVersion());
        optional.put("githubOrganization", r.githubOrganization());
        optional.put("githubTeam", r.githubTeam());
        optional.put("labelGate", r.labelGate());
        optional.forEach((field, value) -> {
            if (value != null) {
                node.put(field, value);
            }
        });
        r.allowedAuthorAssociations().stream().sorted().forEach(node.putArray("allowedAuthorAssociations")::add);
        node.put("maxConcurrentSandboxes", r.maxConcurrentSandboxes());
        node.put("keepDaysAfterClose", r.keepDaysAfterClose());
        node.put("enabled", r.enabled());
        node.put("createdAt", r.createdAt().toString());
        node.put("updatedAt", r.updatedAt().toString());
        node.put("version", r.version());
        node.put("etag", Etags.of(r.version()));
        return node;
    }
}
