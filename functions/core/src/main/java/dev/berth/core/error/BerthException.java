package dev.berth.core.error;

import java.util.Map;

/**
 * Every failure the API reports to its caller: a kind (which the HTTP layer maps to a status), a
 * machine code, a human message and details (e.g. the fields that failed validation).
 */
public final class BerthException extends RuntimeException {

    public enum Kind {
        BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, PAYLOAD_TOO_LARGE,
        UNSUPPORTED_MEDIA_TYPE, PRECONDITION_FAILED, PRECONDITION_REQUIRED, INVALID
    }

    private final Kind kind;
    private final String code;
    private final Map<String, Object> details;
    private final Long currentVersion;

    private BerthException(Kind kind, String code, String message, Map<String, Object> details, Long currentVersion) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.details = details == null ? Map.of() : Map.copyOf(details);
        this.currentVersion = currentVersion;
    }

    public static BerthException badRequest(String code, String message) {
        return new BerthException(Kind.BAD_REQUEST, code, message, null, null);
    }

    public static BerthException unauthorized(String message) {
        return new BerthException(Kind.UNAUTHORIZED, "unauthorized", message, null, null);
    }

    public static BerthException forbidden(String message) {
        return new BerthException(Kind.FORBIDDEN, "forbidden", message, null, null);
    }

    public static BerthException notFound(String what, String id) {
        return new BerthException(Kind.NOT_FOUND, "not_found", what + " " + id + " does not exist", Map.of("id", id), null);
    }

    public static BerthException conflict(String code, String message, Map<String, Object> details) {
        return new BerthException(Kind.CONFLICT, code, message, details, null);
    }

    public static BerthException tooLarge(String message) {
        return new BerthException(Kind.PAYLOAD_TOO_LARGE, "payload_too_large", message, null, null);
    }

    public static BerthException unsupportedMediaType(String message) {
        return new BerthException(Kind.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", message, null, null);
    }

    /** The If-Match version is not the current one; the caller gets the current ETag back. */
    public static BerthException stale(long currentVersion) {
        return new BerthException(Kind.PRECONDITION_FAILED, "precondition_failed",
                "The item was changed by someone else: read it again and retry with its current ETag",
                Map.of("currentVersion", currentVersion), currentVersion);
    }

    public static BerthException ifMatchRequired() {
        return new BerthException(Kind.PRECONDITION_REQUIRED, "precondition_required",
                "This call changes an item: send If-Match with the ETag you last read", null, null);
    }

    /** Field values that are invalid; details map each field to what is wrong with it. */
    public static BerthException invalid(Map<String, String> fieldErrors) {
        String summary = fieldErrors.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .reduce((a, b) -> a + "; " + b).orElse("invalid input");
        return new BerthException(Kind.INVALID, "validation_failed", summary, Map.of("fields", Map.copyOf(fieldErrors)), null);
    }

    public static BerthException invalid(String field, String problem) {
        return invalid(Map.of(field, problem));
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    /** Set for {@link Kind#PRECONDITION_FAILED}: the version the caller should have sent. */
    public Long currentVersion() {
        return currentVersion;
    }
}
