package dev.berth.core.openedx;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The configuration keys Tutor documents (its {@code templates/config/defaults.yml} and
 * {@code base.yml}), per major version, for checking the configuration Berth writes and the
 * overrides users give. Plugins add keys of their own, prefixed with their upper-cased name.
 * Sources are listed in docs/tutor.md.
 */
public final class TutorConfigKeys {
    /** Tutor 21 (Ulmo): defaults.yml (74 keys) and base.yml. */
    private static final List<String> ULMO = List.of(("ATLAS_REVISION ATLAS_REPOSITORY ATLAS_OPTIONS CADDY_HTTP_PORT CMS_HOST "
            + "CMS_OAUTH2_KEY_SSO CMS_OAUTH2_KEY_SSO_DEV CONTACT_EMAIL DEV_PROJECT_NAME DOCKER_REGISTRY DOCKER_IMAGE_OPENEDX "
            + "DOCKER_IMAGE_OPENEDX_DEV DOCKER_IMAGE_CADDY DOCKER_IMAGE_MEILISEARCH DOCKER_IMAGE_MONGODB DOCKER_IMAGE_MYSQL "
            + "DOCKER_IMAGE_PERMISSIONS DOCKER_IMAGE_REDIS DOCKER_IMAGE_SMTP EDX_PLATFORM_REPOSITORY EDX_PLATFORM_VERSION ENABLE_HTTPS "
            + "ENABLE_WEB_PROXY JWT_COMMON_AUDIENCE JWT_COMMON_ISSUER JWT_COMMON_SECRET_KEY K8S_NAMESPACE LANGUAGE_CODE LMS_HOST "
            + "LOCAL_PROJECT_NAME MEILISEARCH_HOST MEILISEARCH_URL MEILISEARCH_PUBLIC_URL MEILISEARCH_INDEX_PREFIX MONGODB_AUTH_MECHANISM "
            + "MONGODB_AUTH_SOURCE MONGODB_HOST MONGODB_DATABASE MONGODB_PORT MONGODB_USERNAME MONGODB_PASSWORD MONGODB_REPLICA_SET "
            + "MONGODB_USE_SSL MOUNTS OPENEDX_AWS_ACCESS_KEY OPENEDX_AWS_SECRET_ACCESS_KEY OPENEDX_CACHE_REDIS_DB OPENEDX_CELERY_REDIS_DB "
            + "OPENEDX_CMS_UWSGI_WORKERS OPENEDX_LMS_UWSGI_WORKERS OPENEDX_MYSQL_DATABASE OPENEDX_MYSQL_USERNAME OPENEDX_COMMON_VERSION "
            + "OPENEDX_EXTRA_PIP_REQUIREMENTS MYSQL_HOST MYSQL_PORT MYSQL_ROOT_USERNAME NPM_REGISTRY PLATFORM_NAME REDIS_HOST REDIS_PORT "
            + "REDIS_USERNAME REDIS_PASSWORD RUN_MEILISEARCH RUN_MONGODB RUN_MYSQL RUN_REDIS RUN_SMTP SMTP_HOST SMTP_PORT SMTP_USERNAME "
            + "SMTP_PASSWORD SMTP_USE_TLS SMTP_USE_SSL "
            // base.yml: generated once, then kept in config.yml
            + "CMS_OAUTH2_SECRET ID JWT_RSA_PRIVATE_KEY MEILISEARCH_MASTER_KEY MEILISEARCH_API_KEY_UID MEILISEARCH_API_KEY "
            + "MYSQL_ROOT_PASSWORD OPENEDX_MYSQL_PASSWORD OPENEDX_SECRET_KEY PLUGINS PLUGIN_INDEXES").split(" "));
    private static final List<String> MEILISEARCH = List.of("MEILISEARCH_HOST", "MEILISEARCH_URL", "MEILISEARCH_PUBLIC_URL",
            "MEILISEARCH_INDEX_PREFIX", "MEILISEARCH_MASTER_KEY", "MEILISEARCH_API_KEY_UID", "MEILISEARCH_API_KEY",
            "DOCKER_IMAGE_MEILISEARCH", "RUN_MEILISEARCH");
    private static final List<String> ELASTICSEARCH = List.of("RUN_ELASTICSEARCH", "DOCKER_IMAGE_ELASTICSEARCH", "ELASTICSEARCH_HOST",
            "ELASTICSEARCH_PORT", "ELASTICSEARCH_SCHEME", "ELASTICSEARCH_HEAP_SIZE");

    private TutorConfigKeys() {
    }

    /** The core keys of a Tutor major (18 to 22). */
    public static Set<String> of(int major) {
        Set<String> keys = new HashSet<>(ULMO);
        if (major <= 20) {
            keys.add("PREVIEW_LMS_HOST"); // removed in 21.0.0
        }
        if (major <= 18) {
            keys.removeAll(MEILISEARCH); // 19.0.0 replaced Elasticsearch by Meilisearch
            keys.addAll(ELASTICSEARCH);
        }
        return Set.copyOf(keys);
    }

    /** Whether {@code key} is Tutor's, or one of the given plugins' (their keys carry the plugin's prefix). */
    public static boolean known(String key, int major, List<String> plugins) {
        return of(major).contains(key) || plugins.stream().anyMatch(p -> key.startsWith(p.toUpperCase(java.util.Locale.ROOT) + "_"));
    }

    static List<String> ulmo() {
        return Arrays.asList(ULMO.toArray(new String[0]));
    }
}
