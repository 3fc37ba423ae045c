package dev.berth.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.BerthException;
import dev.berth.core.json.JsonTrees;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/** Request bodies: JSON objects of at most 256 KiB, strictly parsed (no duplicate keys, no trailing data). */
public final class JsonBodies {
    public static final int MAX_BYTES = 256 * 1024;
    private static final Set<String> JSON_TYPES = Set.of("application/json");
    private static final Set<String> MERGE_PATCH_TYPES = Set.of("application/merge-patch+json", "application/json");

    private JsonBodies() {
    }

    /** A JSON object body ({@code application/json}). */
    public static ObjectNode object(ApiRequest request) {
        return object(request, JSON_TYPES);
    }

    /** A JSON merge patch (RFC 7386: {@code application/merge-patch+json}, or plain JSON). */
    public static ObjectNode mergePatch(ApiRequest request) {
        return object(request, MERGE_PATCH_TYPES);
    }

    /** For calls that take no parameters: nothing, or an empty object, is accepted (422 otherwise). */
    public static void requireEmpty(ApiRequest request, String why) {
        String body = new String(request.body(), java.nio.charset.StandardCharsets.UTF_8).trim();
        if (!body.isEmpty() && !body.equals("{}")) {
            throw BerthException.invalid("body", why);
        }
    }

    public static ObjectNode object(ApiRequest request, Set<String> contentTypes) {
        String contentType = request.header("content-type");
        if (contentType != null) {
            String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!contentTypes.contains(mediaType)) {
                throw BerthException.unsupportedMediaType("Send the body as one of " + contentTypes + ", not " + mediaType);
            }
        }
        if (request.body().length > MAX_BYTES) {
            throw BerthException.tooLarge("The body is " + request.body().length + " bytes; at most " + MAX_BYTES + " are accepted");
        }
        if (request.body().length == 0) {
            throw BerthException.badRequest("invalid_json", "The request needs a JSON object as its body");
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(request.body()));
        } catch (CharacterCodingException e) {
            throw BerthException.badRequest("invalid_json", "The body is not valid UTF-8");
        }
        JsonNode node;
        try {
            node = JsonTrees.parse(request.body());
        } catch (JsonProcessingException e) {
            throw BerthException.badRequest("invalid_json", "The body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw BerthException.badRequest("invalid_json", "The body could not be read: " + e.getMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw BerthException.badRequest("invalid_json", "The body must be a JSON object, not " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return object;
    }
}
