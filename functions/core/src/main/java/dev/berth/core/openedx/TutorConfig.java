package dev.berth.core.openedx;

import dev.berth.core.data.DataConnections;
import dev.berth.core.data.DataKind;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.Domains;
import dev.berth.core.domain.ExtraSettings;
import dev.berth.core.domain.InstanceSettings;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Tutor configuration ({@code config.yml}) of an app server, from its settings snapshot:
 * the hosts of its domains, the TLS arrangement (the load balancer terminates it; Caddy answers
 * plain HTTP on port 80), the code and image, the plugins, the data services (external with
 * persistent data, Tutor's own on the VM when ephemeral), the instance's keys and the users'
 * secrets, and the extra settings last (they were checked to name nothing Berth owns).
 */
public final class TutorConfig {
    private static final int BACKEND_PORT = 80;

    private TutorConfig() {
    }

    /**
     * @param secrets the instance's keys ({@link OpenEdxSecrets#forInstance}) and its users' secrets
     * @param data    null for an ephemeral instance (databases on the VM)
     */
    public static Map<String, Object> of(AppServer server, boolean https, Map<String, String> secrets, DataConnections data) {
        InstanceSettings s = server.settings();
        TutorReleases.Release release = TutorReleases.get(s.openedxRelease());
        Domains domains = s.domains();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("LMS_HOST", domains.lms());
        config.put("CMS_HOST", domains.studio());
        if (domains.site("preview") != null) {
            config.put("PREVIEW_LMS_HOST", domains.site("preview"));
        }
        for (String plugin : s.pluginNames()) {
            TutorPlugins.find(plugin).filter(p -> p.hostKey() != null).ifPresent(p -> config.put(p.hostKey(), domains.site(p.hostRole())));
        }
        config.put("PLATFORM_NAME", s.name());
        if (s.ownerEmail() != null) {
            config.put("CONTACT_EMAIL", s.ownerEmail());
        }
        config.put("ENABLE_HTTPS", https);
        config.put("ENABLE_WEB_PROXY", false);
        config.put("CADDY_HTTP_PORT", BACKEND_PORT);
        if (s.dockerImage() != null) {
            config.put("DOCKER_IMAGE_OPENEDX", s.dockerImage());
        }
        config.put("EDX_PLATFORM_REPOSITORY", s.edxPlatformRepo());
        config.put("EDX_PLATFORM_VERSION", s.effectivePlatformRef());
        config.put("PLUGINS", s.pluginNames());
        config.putAll(secrets);
        config.put("RUN_MYSQL", true);
        config.put("RUN_MONGODB", true);
        config.put("RUN_REDIS", true); // a cache and Celery's broker: nothing in it outlives an app server
        if (data != null) {
            external(config, data, s.pluginNames());
        }
        new ExtraSettings(Integer.MAX_VALUE).toMap(s.extraSettings()).forEach((key, value) -> {
            if (!key.startsWith("berth_test_")) {
                config.put(key, value);
            }
        });
        if (release.tutorMajor() <= 18) {
            config.remove("MEILISEARCH_MASTER_KEY");
            config.remove("MEILISEARCH_API_KEY_UID");
        }
        return config;
    }

    /** Keys of a plugin go in only when the plugin is on (Tutor knows them only then). RabbitMQ has none: Tutor's Celery uses Redis. */
    private static void external(Map<String, Object> config, DataConnections data, java.util.List<String> plugins) {
        data.of(DataKind.MYSQL).ifPresent(mysql -> {
            config.put("RUN_MYSQL", false);
            config.remove("MYSQL_ROOT_PASSWORD"); // Berth's data tier, not Tutor, creates databases and users
            config.put("MYSQL_HOST", mysql.host());
            config.put("MYSQL_PORT", mysql.port());
            mysql.databases().forEach((role, database) -> {
                if (role.equals("openedx") || plugins.contains(role)) {
                    String prefix = role.toUpperCase(Locale.ROOT);
                    config.put(prefix + "_MYSQL_DATABASE", database);
                    config.put(prefix + "_MYSQL_USERNAME", mysql.username());
                    config.put(prefix + "_MYSQL_PASSWORD", mysql.password());
                }
            });
        });
        data.of(DataKind.MONGODB).ifPresent(mongo -> {
            config.put("RUN_MONGODB", false);
            config.put("MONGODB_HOST", mongo.host());
            config.put("MONGODB_PORT", mongo.port());
            config.put("MONGODB_DATABASE", mongo.databases().get("modulestore"));
            config.put("MONGODB_AUTH_SOURCE", mongo.databases().get("modulestore"));
            if (mongo.databases().containsKey("forum") && plugins.contains("forum")) {
                config.put("FORUM_MONGODB_DATABASE", mongo.databases().get("forum"));
            }
            config.put("MONGODB_USERNAME", mongo.username());
            config.put("MONGODB_PASSWORD", mongo.password());
        });
        data.of(DataKind.STORAGE).filter(storage -> plugins.contains("s3")).ifPresent(storage -> {
            config.put("S3_HOST", storage.host());
            config.put("S3_PORT", storage.port());
            config.put("S3_STORAGE_BUCKET", storage.bucket());
            config.put("S3_PREFIX", storage.databases().get("prefix"));
        });
    }
}
