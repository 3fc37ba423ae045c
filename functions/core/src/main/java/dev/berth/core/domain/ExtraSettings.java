package dev.berth.core.domain;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * An instance's extra settings: YAML text that is merged into the deployment's variables. It must
 * parse with the safe loader (no custom tags, bounded aliases and size) and be a mapping.
 */
public final class ExtraSettings {
    private final int maxBytes;

    public ExtraSettings(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The problem with the text, if any, in words a user can act on. */
    public Optional<String> check(String yamlText) {
        if (yamlText == null || yamlText.isBlank()) {
            return Optional.empty();
        }
        int size = yamlText.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxBytes) {
            return Optional.of("is " + size + " bytes; at most " + maxBytes + " are allowed");
        }
        try {
            Object parsed = parse(yamlText);
            if (parsed != null && !(parsed instanceof Map)) {
                return Optional.of("must be a YAML mapping (key: value lines), not a " + describe(parsed));
            }
            return Optional.empty();
        } catch (MarkedYAMLException e) {
            String where = e.getProblemMark() == null ? "" : " at line " + (e.getProblemMark().getLine() + 1)
                    + ", column " + (e.getProblemMark().getColumn() + 1);
            return Optional.of("is not valid YAML" + where + ": " + e.getProblem());
        } catch (YAMLException e) {
            return Optional.of("is not valid YAML: " + e.getMessage());
        }
    }

    /** Parses text already accepted by {@link #check}; an empty text is an empty mapping. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> toMap(String yamlText) {
        if (yamlText == null || yamlText.isBlank()) {
            return Map.of();
        }
        Object parsed = parse(yamlText);
        return parsed == null ? Map.of() : (Map<String, Object>) parsed;
    }

    private Object parse(String yamlText) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(maxBytes);
        options.setNestingDepthLimit(50);
        return new Yaml(new SafeConstructor(options)).load(yamlText);
    }

    private static String describe(Object value) {
        if (value instanceof java.util.List) {
            return "list";
        }
        return value instanceof String ? "plain string" : value.getClass().getSimpleName().toLowerCase();
    }
}
