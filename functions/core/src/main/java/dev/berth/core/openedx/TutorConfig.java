package dev.berth.core.openedx;

import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.Domains;
import dev.berth.core.domain.ExtraSettings;
import dev.berth.core.domain.InstanceSettings;
import java.util.LinkedHashMap;
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
    public static Map<String, Object> of(AppServer server, boolean https, Map<String, String> secrets, DataServices data) {
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
        if (data == null) {
            config.put("RUN_MYSQL", true);
            config.put("RUN_MONGODB", true);
            config.put("RUN_REDIS", true);
        } else {
            external(config, data);
            config.remove("MYSQL_ROOT_PASSWORD"); // Berth's data tier, not Tutor, creates databases and users
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

    private static void external(Map<String, Object> config, DataServices data) {
        config.put("RUN_MYSQL", false);
        config.put("MYSQL_HOST", data.mysql().host());
        config.put("MYSQL_PORT", data.mysql().port());
        config.put("OPENEDX_MYSQL_DATABASE", data.mysql().database());
        config.put("OPENEDX_MYSQL_USERNAME", data.mysql().username());
        config.put("OPENEDX_MYSQL_PASSWORD", data.mysql().password());
        config.put("RUN_MONGODB", false);
        config.put("MONGODB_HOST", data.mongodb().host());
        config.put("MONGODB_PORT", data.mongodb().port());
        config.put("MONGODB_DATABASE", data.mongodb().database());
        config.put("MONGODB_USERNAME", data.mongodb().username());
        config.put("MONGODB_PASSWORD", data.mongodb().password());
        config.put("MONGODB_AUTH_SOURCE", data.mongodb().authSource());
        config.put("RUN_REDIS", false);
        config.put("REDIS_HOST", data.redis().host());
        config.put("REDIS_PORT", data.redis().port());
        config.put("REDIS_PASSWORD", data.redis().password());
    }
}
