package dev.berth.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.error.BerthException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads typed fields out of a JSON object, collecting every type error by field name, so that a
 * request with several mistakes gets them all in one 422.
 */
public final class FieldReader {
    private final JsonNode node;
    private final Map<String, String> errors = new LinkedHashMap<>();

    public FieldReader(JsonNode node) {
        this.node = node;
    }

    /** Refuses fields that are read-only or unknown. */
    public FieldReader allowOnly(Set<String> writable, Set<String> readOnly, String what) {
        node.fieldNames().forEachRemaining(name -> {
            if (readOnly.contains(name)) {
                errors.put(name, "is read-only");
            } else if (!writable.contains(name)) {
                errors.put(name, "is not a field of " + what);
            }
        });
        return this;
    }

    public String text(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.put(field, "must be a string");
            return null;
        }
        return value.asText();
    }

    public boolean bool(String field, boolean otherwise) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isBoolean()) {
            errors.put(field, "must be true or false");
            return otherwise;
        }
        return value.asBoolean();
    }

    public int integer(String field, int otherwise) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            errors.put(field, "must be a whole number");
            return otherwise;
        }
        return value.asInt();
    }

    public List<String> texts(String field, List<String> otherwise) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        List<String> out = new ArrayList<>();
        if (!value.isArray()) {
            errors.put(field, "must be a list of strings");
            return otherwise;
        }
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                errors.put(field, "must be a list of strings");
                return otherwise;
            }
            out.add(element.asText());
        }
        return out;
    }

    /** Records a problem found by the caller, to report with the others. */
    public void problem(String field, String problem) {
        errors.put(field, problem);
    }

    /** The problems found so far, by field. */
    public Map<String, String> problems() {
        return Map.copyOf(errors);
    }

    /** Throws the collected errors, if any (422). */
    public void done() {
        if (!errors.isEmpty()) {
            throw BerthException.invalid(errors);
        }
    }
}
