package dev.berth.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.json.Json;
import dev.berth.core.profile.SettingProfile;
import java.util.Map;
import java.util.Set;

/** Setting profiles as api.md shows them: {@code name}, {@code description}, {@code defaults} (instance settings). */
public final class ProfileJson {
    static final Set<String> FIELDS = Set.of("name", "description", "defaults");
    static final Set<String> READ_ONLY = Set.of("createdAt", "updatedAt", "version");

    private ProfileJson() {
    }

    public record Draft(String name, String description, ObjectNode defaults) {
    }

    /** A create body, or a profile after a merge patch; {@code defaults} must be an object. */
    public static Draft read(JsonNode body, boolean nameWritable) {
        FieldReader fields = new FieldReader(body).allowOnly(nameWritable ? FIELDS : Set.of("description", "defaults"),
                nameWritable ? READ_ONLY : Set.of("name", "createdAt", "updatedAt", "version"), "a profile");
        String name = nameWritable ? fields.text("name") : null;
        String description = fields.text("description");
        JsonNode defaults = body.get("defaults");
        if (defaults != null && !defaults.isNull() && !defaults.isObject()) {
            fields.problem("defaults", "must be an object of instance settings, such as {\"openedxRelease\": \"ulmo\"}");
        }
        if (description != null && description.length() > 500) {
            fields.problem("description", "must be at most 500 characters");
        }
        fields.done();
        return new Draft(name, description, defaults == null || !defaults.isObject() ? Json.MAPPER.createObjectNode() : (ObjectNode) defaults);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> defaults(ObjectNode defaults) {
        return Json.MAPPER.convertValue(defaults, Map.class);
    }

    public static ObjectNode of(SettingProfile profile) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", profile.id());
        node.put("description", profile.description());
        node.set("defaults", Json.MAPPER.valueToTree(profile.defaults()));
        node.put("createdAt", profile.createdAt().toString());
        node.put("updatedAt", profile.updatedAt().toString());
        node.put("version", profile.version());
        return node;
    }

    /** The writable part, for a merge patch to apply to. */
    public static ObjectNode writable(SettingProfile profile) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("description", profile.description());
        node.set("defaults", Json.MAPPER.valueToTree(profile.defaults()));
        return node;
    }
}
