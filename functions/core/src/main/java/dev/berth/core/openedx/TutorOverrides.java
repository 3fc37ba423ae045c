package dev.berth.core.openedx;

import dev.berth.core.domain.ExtraSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An instance's extra settings as Tutor configuration overrides: YAML whose keys are Tutor's (or
 * an enabled plugin's), never one Berth owns: hosts, data services, images and sources, plugins,
 * and secrets (those go to the secret store, through the instance's write-only secrets). The
 * local runtime's demo deployment also reads lower-case {@code berth_test_*} knobs.
 */
public final class TutorOverrides {
    private static final Map<String, String> OWNED = new TreeMap<>(Map.ofEntries(
            Map.entry("PLATFORM_NAME", "is the instance's name"),
            Map.entry("CONTACT_EMAIL", "is the instance's ownerEmail"),
            Map.entry("ENABLE_HTTPS", "is set by Berth (the load balancer terminates TLS)"),
            Map.entry("ENABLE_WEB_PROXY", "is set by Berth (the load balancer terminates TLS)"),
            Map.entry("CADDY_HTTP_PORT", "is set by Berth (the load balancer's backend port)"),
            Map.entry("DOCKER_IMAGE_OPENEDX", "is set from dockerImage"),
            Map.entry("EDX_PLATFORM_REPOSITORY", "is set from edxPlatformRepo"),
            Map.entry("EDX_PLATFORM_VERSION", "is set from edxPlatformRef"),
            Map.entry("OPENEDX_COMMON_VERSION", "is set from openedxRelease"),
            Map.entry("PLUGINS", "is set from plugins"),
            Map.entry("PLUGIN_INDEXES", "is set by Berth (plugins come from the operator's allow-list)"),
            Map.entry("MOUNTS", "is set by Berth (custom code is fetched by Berth)"),
            Map.entry("ID", "is set by Berth (one per instance)"),
            Map.entry("RUN_MYSQL", "is set by Berth from ephemeralDatabases and the data tier"),
            Map.entry("RUN_MONGODB", "is set by Berth from ephemeralDatabases and the data tier"),
            Map.entry("RUN_REDIS", "is set by Berth from ephemeralDatabases and the data tier")));
    private static final List<String> DATA_PREFIXES = List.of("MYSQL_", "MONGODB_", "REDIS_", "S3_", "BERTH_");
    private static final Set<String> TEST_KNOBS = Set.of("berth_test_vm", "berth_test_deploy_seconds", "berth_test_exit_code");

    private final ExtraSettings yaml;

    public TutorOverrides(ExtraSettings yaml) {
        this.yaml = yaml;
    }

    /** What is wrong with the overrides for an instance on this Tutor major with these plugins, if anything. */
    public Optional<String> check(String text, int tutorMajor, List<String> plugins) {
        Optional<String> syntax = yaml.check(text);
        if (syntax.isPresent()) {
            return syntax;
        }
        for (String key : yaml.toMap(text).keySet()) {
            Optional<String> problem = problem(String.valueOf(key), tutorMajor, plugins);
            if (problem.isPresent()) {
                return Optional.of(key + " " + problem.get());
            }
        }
        return Optional.empty();
    }

    /** The overrides as a map (text already checked). */
    public Map<String, Object> toMap(String text) {
        return yaml.toMap(text);
    }

    static Optional<String> problem(String key, int major, List<String> plugins) {
        if (TEST_KNOBS.contains(key)) {
            return Optional.empty();
        }
        if (!key.matches("[A-Z][A-Z0-9_]*")) {
            return Optional.of("is not a Tutor setting (Tutor's settings are upper-case, such as LANGUAGE_CODE)");
        }
        if (OWNED.containsKey(key)) {
            return Optional.of(OWNED.get(key) + ": it is reserved");
        }
        if (key.endsWith("_HOST")) {
            return Optional.of("is set by Berth from the instance's domains: it is reserved");
        }
        if (DATA_PREFIXES.stream().anyMatch(key::startsWith) || key.contains("_MYSQL_") || key.contains("_MONGODB_")) {
            return Optional.of("is set by Berth from the data tier: it is reserved");
        }
        if (isSecret(key)) {
            return Optional.of("is a secret: set it with PUT /api/v1/instances/{id}/secrets/" + key + ", not in extraSettings");
        }
        if (!TutorConfigKeys.known(key, major, plugins)) {
            return Optional.of("is not a setting of Tutor " + major + " or of the enabled plugins " + plugins);
        }
        return Optional.empty();
    }

    /** Keys whose values are secrets: kept in the secret store, never in settings. */
    public static boolean isSecret(String key) {
        return key.contains("SECRET") || key.contains("PASSWORD") || key.endsWith("PRIVATE_KEY") || key.endsWith("_API_KEY")
                || key.endsWith("_MASTER_KEY") || key.endsWith("ACCESS_KEY");
    }
}
