package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The specification's timestamps: RFC 3339 with an uppercase {@code T} between date and time and
 * an uppercase {@code Z} unless a numeric offset is given ({@code 2016-03-14T01:59:00Z}).
 */
final class Timestamps {
    private static final Pattern RFC3339 = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

    private Timestamps() {
    }

    /** The instant a JSON value names, or null when it is not such a timestamp. */
    static Instant parse(JsonNode value) {
        if (value == null || !value.isTextual() || !RFC3339.matcher(value.asText()).matches()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
