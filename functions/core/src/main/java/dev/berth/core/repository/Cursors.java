package dev.berth.core.repository;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.error.BerthException;
import dev.berth.core.json.JsonTrees;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque pagination cursors: the position (a DynamoDB key, plus whatever the list needs) as JSON,
 * bound to the query it continues and signed with HMAC-SHA256, so a tampered or foreign cursor
 * is refused instead of reading from an arbitrary key.
 */
public final class Cursors {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private final byte[] secret;

    public Cursors(byte[] secret) {
        this.secret = secret.clone();
    }

    /** @param scope what the cursor continues (list name and filters); decoding checks it. */
    public String encode(String scope, Map<String, String> position) {
        byte[] payload = JsonTrees.text(JsonTrees.valueOf(position)).getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(payload) + "." + B64.encodeToString(sign(scope, payload));
    }

    public Map<String, String> decode(String scope, String cursor) {
        int dot = cursor.indexOf('.');
        try {
            if (dot < 1 || cursor.length() > 4096) {
                throw invalid();
            }
            byte[] payload = B64D.decode(cursor.substring(0, dot));
            byte[] signature = B64D.decode(cursor.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, sign(scope, payload))) {
                throw invalid();
            }
            JsonNode object = JsonTrees.parse(payload);
            if (!object.isObject()) {
                throw invalid();
            }
            Map<String, String> position = new LinkedHashMap<>();
            object.properties().forEach(field -> position.put(field.getKey(), field.getValue().asText()));
            return position;
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw invalid();
        }
    }

    private static BerthException invalid() {
        return BerthException.badRequest("invalid_cursor",
                "The cursor is not one this list gave out (it was changed, or belongs to another query)");
    }

    private byte[] sign(String scope, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(scope.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
