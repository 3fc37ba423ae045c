package dev.berth.core.testing;

import dev.berth.core.BerthCore;
import dev.berth.core.auth.AdminTokenBootstrap;
import dev.berth.core.config.BerthConfig;
import dev.berth.core.domain.DomainPrefixes;
import dev.berth.core.domain.InstanceSettings;
import dev.berth.core.domain.TutorPlugin;
import java.util.List;
import dev.berth.core.port.Workflows;
import dev.berth.core.repository.Repositories;
import dev.berth.core.testing.memory.InMemoryRepositories;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** A core for tests: in memory unless given other repositories, with a known admin token. */
public final class TestCore {
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    public static final String CURSOR_SECRET = "test-cursor-secret-0123456789abcdef";

    private TestCore() {
    }

    /** The settings a function gets (its table is named but not used by in-memory repositories). */
    public static Map<String, String> environment(String table) {
        Map<String, String> env = new HashMap<>();
        env.put("BERTH_TABLE", table);
        env.put("AWS_REGION", "us-east-1");
        env.put("BERTH_BASE_DOMAIN", "example.com");
        env.put("BERTH_CURSOR_SECRET", CURSOR_SECRET);
        return env;
    }

    public static BerthConfig config() {
        return BerthConfig.fromEnvironment(environment("in-memory"));
    }

    /** Valid settings for an instance of that name and sub-domain under example.com. */
    public static InstanceSettings settings(String name, String subDomain) {
        return new InstanceSettings(name, subDomain, "example.com", DomainPrefixes.DEFAULT, "ulmo", null,
                List.of(new TutorPlugin("mfe", null), new TutorPlugin("indigo", null)), "https://github.com/openedx/edx-platform.git", null,
                null, null, null, false, null, false);
    }

    /** The same settings with other extra settings (Tutor overrides, or the local demo's berth_test_* knobs). */
    /** The same settings under another sub-domain. */
    public static InstanceSettings renamed(InstanceSettings s, String subDomain) {
        return new InstanceSettings(s.name(), subDomain, s.baseDomain(), s.domainPrefixes(), s.openedxRelease(), s.tutorVersion(), s.plugins(),
                s.edxPlatformRepo(), s.edxPlatformRef(), s.dockerImage(), s.theme(), s.extraSettings(), s.ephemeralDatabases(), s.ownerEmail(),
                s.allowMultipleActive(), s.rebuildSchedule(), s.profile(), s.compute());
    }

    public static InstanceSettings withExtraSettings(InstanceSettings s, String extraSettings) {
        return new InstanceSettings(s.name(), s.subDomain(), s.baseDomain(), s.domainPrefixes(), s.openedxRelease(), s.tutorVersion(),
                s.plugins(), s.edxPlatformRepo(), s.edxPlatformRef(), s.dockerImage(), s.theme(), extraSettings, s.ephemeralDatabases(),
                s.ownerEmail(), s.allowMultipleActive());
    }

    /** The repository's root folder (where template.yaml is), for tests that read its files. */
    public static java.nio.file.Path repositoryRoot() {
        String root = System.getProperty("berth.root");
        java.nio.file.Path path = root != null ? java.nio.file.Path.of(root) : java.nio.file.Path.of("").toAbsolutePath();
        while (path != null && !java.nio.file.Files.exists(path.resolve("template.yaml"))) {
            path = path.getParent();
        }
        if (path == null) {
            throw new IllegalStateException("template.yaml not found above " + java.nio.file.Path.of("").toAbsolutePath());
        }
        return path;
    }

    /** In-memory repositories signing cursors with the test secret, the admin token installed. */
    public static Repositories repositories() {
        Repositories repositories = InMemoryRepositories.create(BerthCore.cursors(config()));
        AdminTokenBootstrap.install(repositories.tokens(), ADMIN_TOKEN);
        return repositories;
    }

    /** A core whose executions are recorded, not run. */
    public static BerthCore create() {
        return create(new RecordingWorkflows());
    }

    public static BerthCore create(Workflows workflows) {
        return create(repositories(), workflows);
    }

    public static BerthCore create(Repositories repositories, Workflows workflows) {
        return new BerthCore(config(), repositories, workflows, Clock.systemUTC());
    }
}
