package dev.berth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;

/** The one ObjectMapper, and JSON as the API's scripts like it: pretty, {@code "key": value}. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

    private Json() {
    }

    public static String pretty(JsonNode node) {
        try {
            return PRETTY.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A value as one table cell or one line of {@code show}: text without quotes, arrays joined, null as "-". */
    public static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "-";
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        if (value.isArray()) {
            StringBuilder joined = new StringBuilder();
            for (JsonNode element : value) {
                if (joined.length() > 0) {
                    joined.append(",");
                }
                joined.append(element.isObject() && element.has("id") ? element.get("id").asText()
                        : element.isValueNode() ? element.asText() : compact(element));
            }
            return joined.length() == 0 ? "-" : joined.toString();
        }
        return compact(value);
    }

    /** The value at a dotted path ({@code vm.ipv4}), or a missing node. */
    public static JsonNode at(JsonNode node, String dottedPath) {
        JsonNode current = node;
        for (String part : dottedPath.split("\\.")) {
            current = current == null ? null : current.path(part);
        }
        return current;
    }
}
