package dev.berth.core.config;

import dev.berth.core.data.DataTierConfig;
import dev.berth.core.domain.DomainPrefixes;
import dev.berth.core.openedx.TutorPlugins;
import dev.berth.core.openedx.TutorReleases;
import java.util.List;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Settings of a Berth function, read from its environment (Lambda's, or the one the local runtime
 * builds from template.yaml). The variable names are documented in the README.
 */
public record BerthConfig(
        String tableName,
        String dynamoDbEndpoint,
        String region,
        String baseDomain,
        Set<String> subDomainBlacklist,
        DomainPrefixes domainPrefixes,
        byte[] cursorSecret,
        InstanceDefaults instanceDefaults,
        Set<String> allowedPlugins,
        int extraSettingsMaxBytes,
        String publicScheme,
        int publicPort,
        DataTierConfig dataTier) {

    /** What a new instance deploys unless its creator says otherwise (null ref: the release's own). */
    public record InstanceDefaults(String openedxRelease, String edxPlatformRepo, String edxPlatformRef, List<String> plugins) {
        public InstanceDefaults {
            plugins = List.copyOf(plugins);
        }
    }

    /** The bucket (a folder locally) that keeps backups and dumps: {@code BERTH_BACKUP_BUCKET}. */
    public static String backupBucket(Map<String, String> env) {
        return env.getOrDefault("BERTH_BACKUP_BUCKET", "berth-backups");
    }

    public static BerthConfig fromEnvironment(Map<String, String> env) {
        String table = env.get("BERTH_TABLE");
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("BERTH_TABLE is not set: the function does not know its DynamoDB table");
        }
        String secret = env.getOrDefault("BERTH_CURSOR_SECRET", "");
        if (secret.length() < 32) {
            throw new IllegalStateException("BERTH_CURSOR_SECRET must be set to at least 32 characters (it signs pagination cursors)");
        }
        return new BerthConfig(
                table,
                blankToNull(env.get("BERTH_DYNAMODB_ENDPOINT")),
                env.getOrDefault("AWS_REGION", "us-east-1"),
                env.getOrDefault("BERTH_BASE_DOMAIN", "localhost"),
                csv(env.getOrDefault("BERTH_SUBDOMAIN_BLACKLIST", "www,api,studio,preview,ecommerce,discovery")),
                DomainPrefixes.parse(env.getOrDefault("BERTH_DOMAIN_PREFIXES", "")),
                secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new InstanceDefaults(
                        env.getOrDefault("BERTH_DEFAULT_OPENEDX_RELEASE", TutorReleases.DEFAULT),
                        env.getOrDefault("BERTH_DEFAULT_EDX_PLATFORM_REPO", "https://github.com/openedx/edx-platform.git"),
                        blankToNull(env.get("BERTH_DEFAULT_EDX_PLATFORM_REF")),
                        list(env.getOrDefault("BERTH_DEFAULT_TUTOR_PLUGINS", String.join(",", TutorPlugins.DEFAULTS)))),
                csv(env.getOrDefault("BERTH_TUTOR_PLUGINS", "mfe,indigo,discovery,credentials,notes,forum,xqueue,minio,ecommerce")),
                Integer.parseInt(env.getOrDefault("BERTH_EXTRA_SETTINGS_MAX_BYTES", "65536")),
                env.getOrDefault("BERTH_PUBLIC_SCHEME", "https"),
                Integer.parseInt(env.getOrDefault("BERTH_PUBLIC_PORT", "0")),
                DataTierConfig.fromEnvironment(env));
    }

    /** The URL at which the load balancer serves {@code host} (the public port only when it is not the default). */
    public String publicUrl(String host, String userInfo) {
        boolean defaultPort = publicPort == 0 || publicPort == 443 && publicScheme.equals("https") || publicPort == 80 && publicScheme.equals("http");
        return publicScheme + "://" + (userInfo == null ? "" : userInfo + "@") + host + (defaultPort ? "" : ":" + publicPort) + "/";
    }

    private static Set<String> csv(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(String::toLowerCase)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** For logs: everything but the secret. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("table", tableName);
        out.put("dynamoDbEndpoint", dynamoDbEndpoint);
        out.put("region", region);
        out.put("baseDomain", baseDomain);
        return out;
    }
}
