package dev.berth.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.http.Etags;
import dev.berth.core.auth.ApiToken;
import dev.berth.core.auth.Role;
import dev.berth.core.error.BerthException;
import dev.berth.core.json.Json;
import dev.berth.core.service.TokenService;
import java.util.LinkedHashMap;
import java.util.Map;

/** API tokens as JSON (never their hash); a create body is {@code {"name", "role"}}. */
public final class TokenJson {
    private TokenJson() {
    }

    public static ObjectNode of(ApiToken token) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", token.id());
        node.put("name", token.name());
        node.put("role", token.role().wireName());
        node.put("createdBy", token.createdBy());
        node.put("createdAt", token.createdAt().toString());
        node.put("etag", Etags.of(token.version()));
        return node;
    }

    public static TokenService.NewToken read(ObjectNode body) {
        Map<String, String> errors = new LinkedHashMap<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("name") && !name.equals("role")) {
                errors.put(name, "is not a field of a token (name, role)");
            }
        });
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual()) {
            errors.put("name", "is required and must be a string");
        }
        JsonNode roleNode = body.get("role");
        Role role = roleNode != null && roleNode.isTextual() ? Role.fromWire(roleNode.asText()).orElse(null) : null;
        if (role == null) {
            errors.put("role", "must be one of admin, manager, viewer");
        }
        if (!errors.isEmpty()) {
            throw BerthException.invalid(errors);
        }
        return new TokenService.NewToken(name.asText(), role);
    }
}
