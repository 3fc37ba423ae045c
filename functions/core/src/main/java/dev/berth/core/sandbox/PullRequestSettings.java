package dev.berth.core.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A pull request's own settings: a line {@code **Settings**} followed by a fenced {@code yaml}
 * block in the PR body, merged over the watched repository's defaults (the PR wins), limited to
 * the repository's allow-list of top-level keys.
 */
public final class PullRequestSettings {
    private static final Pattern BLOCK = Pattern.compile(
            "^\\s*\\*\\*Settings\\*\\*\\s*$\\s*^\\s*```\\s*(?:yaml|yml)?\\s*$(.*?)^\\s*```\\s*$",
            Pattern.MULTILINE | Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final int MAX_BYTES = 16 * 1024;

    /** Why a PR's settings cannot be used, in words to post on the PR. */
    public static final class Problem extends Exception {
        public Problem(String message) {
            super(message);
        }
    }

    private PullRequestSettings() {
    }

    /** The text of a PR body's settings block as written, or "" (what identifies an edit that matters). */
    public static String block(String body) {
        if (body == null) {
            return "";
        }
        Matcher m = BLOCK.matcher(body.replace("\r\n", "\n"));
        return m.find() ? m.group(1).strip() : "";
    }

    /** The settings block of a PR body; empty when there is none. */
    public static Map<String, Object> parse(String body) throws Problem {
        if (body == null) {
            return Map.of();
        }
        Matcher m = BLOCK.matcher(body.replace("\r\n", "\n"));
        if (!m.find()) {
            return Map.of();
        }
        return load(m.group(1), "the **Settings** block");
    }

    /**
     * Berth's own key of a settings block: {@code databases: ephemeral} (on the app server, gone
     * with it) or {@code persistent} (on the data tier). Allowed only where the repository's
     * allow-list has {@code databases}; never passed to Tutor. Empty when the PR does not say.
     */
    public static final String DATABASES = "databases";

    public static java.util.Optional<Boolean> ephemeralDatabases(Map<String, Object> prSettings, List<String> allowedKeys) throws Problem {
        Object value = prSettings.get(DATABASES);
        if (value == null) {
            return java.util.Optional.empty();
        }
        if (!allowedKeys.contains(DATABASES)) {
            throw new Problem("These settings may not be set from a pull request: " + DATABASES + " (the repository keeps its sandboxes' databases "
                    + "ephemeral; an admin adds 'databases' to its allowed settings to let pull requests choose)");
        }
        return switch (String.valueOf(value)) {
            case "ephemeral" -> java.util.Optional.of(true);
            case "persistent" -> java.util.Optional.of(false);
            default -> throw new Problem(DATABASES + " must be ephemeral or persistent, not '" + value + "'");
        };
    }

    /** The PR's settings without Berth's own keys: what goes to Tutor. */
    public static Map<String, Object> forTutor(Map<String, Object> prSettings) {
        Map<String, Object> rest = new LinkedHashMap<>(prSettings);
        rest.remove(DATABASES);
        return rest;
    }

    /** Merges the PR's settings over the repository's defaults; keys outside the allow-list are refused. */
    public static String merge(String defaultsYaml, Map<String, Object> prSettings, List<String> allowedKeys) throws Problem {
        List<String> forbidden = prSettings.keySet().stream().filter(k -> !allowedKeys.contains(k)).sorted().toList();
        if (!forbidden.isEmpty()) {
            throw new Problem("These settings may not be set from a pull request: " + String.join(", ", forbidden)
                    + (allowedKeys.isEmpty() ? " (this repository allows none)" : " (allowed: " + String.join(", ", allowedKeys) + ")"));
        }
        Map<String, Object> merged = new LinkedHashMap<>(defaultsYaml == null || defaultsYaml.isBlank() ? Map.of()
                : load(defaultsYaml, "the repository's default settings"));
        deepMerge(merged, prSettings);
        if (merged.isEmpty()) {
            return "";
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(merged);
    }

    @SuppressWarnings("unchecked")
    private static void deepMerge(Map<String, Object> into, Map<String, Object> over) {
        over.forEach((key, value) -> {
            Object existing = into.get(key);
            if (existing instanceof Map && value instanceof Map) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) existing);
                deepMerge(copy, (Map<String, Object>) value);
                into.put(key, copy);
            } else {
                into.put(key, value);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String yaml, String where) throws Problem {
        if (yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new Problem(where + " is larger than " + MAX_BYTES + " bytes");
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setCodePointLimit(MAX_BYTES);
        try {
            Object parsed = new Yaml(new SafeConstructor(options)).load(yaml);
            if (parsed == null) {
                return Map.of();
            }
            if (!(parsed instanceof Map)) {
                throw new Problem(where + " must be a YAML mapping (key: value lines)");
            }
            return (Map<String, Object>) parsed;
        } catch (MarkedYAMLException e) {
            throw new Problem(where + " is not valid YAML" + (e.getProblemMark() == null ? "" : " (line " + (e.getProblemMark().getLine() + 1) + ")")
                    + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new Problem(where + " is not valid YAML: " + e.getMessage());
        }
    }
}
