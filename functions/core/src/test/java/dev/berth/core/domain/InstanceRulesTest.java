package dev.berth.core.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.error.BerthException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstanceRulesTest {
    private static final Set<String> PLUGINS = Set.of("mfe", "indigo", "discovery", "ecommerce", "credentials");
    private final InstanceRules rules = new InstanceRules(Set.of("www", "api", "studio", "preview"), 1024, PLUGINS);

    static InstanceSettings valid() {
        return new InstanceSettings("Demo", "demo", "example.com", DomainPrefixes.DEFAULT, "ulmo", null,
                List.of(new TutorPlugin("mfe", null), new TutorPlugin("indigo", null)), "https://github.com/openedx/edx-platform.git",
                null, null, null, "LANGUAGE_CODE: fr\nOPENEDX_LMS_UWSGI_WORKERS: 4\n", false, "owner@example.com", false);
    }

    private static InstanceSettings with(String subDomain, String release, String tutor, List<TutorPlugin> plugins, String repo, String ref,
                                         String extra) {
        InstanceSettings s = valid();
        return new InstanceSettings(s.name(), subDomain, s.baseDomain(), s.domainPrefixes(), release, tutor, plugins, repo, ref, null,
                null, extra, false, null, false);
    }

    private Map<?, ?> fieldErrors(InstanceSettings settings) {
        BerthException e = assertThrows(BerthException.class, () -> rules.validate(settings));
        assertEquals(BerthException.Kind.INVALID, e.kind());
        return (Map<?, ?>) e.details().get("fields");
    }

    @Test
    void acceptsValidSettingsAndDerivesTheSitesFromReleaseAndPlugins() {
        assertDoesNotThrow(() -> rules.validate(valid()));
        Domains d = valid().domains();
        assertEquals("demo.example.com", d.lms());
        assertEquals(List.of("demo.example.com", "studio.demo.example.com", "apps.demo.example.com"), d.all(),
                "Ulmo has no preview site; the MFE plugin has apps.");
        InstanceSettings teak = with("demo", "teak", null, List.of(new TutorPlugin("discovery", null)), valid().edxPlatformRepo(), null, null);
        assertEquals(List.of("demo.example.com", "studio.demo.example.com", "preview.demo.example.com", "discovery.demo.example.com"),
                teak.domains().all(), "Teak still has the preview site; discovery follows its plugin; no ecommerce unless enabled");
        assertNull(valid().domains().site("ecommerce"), "ecommerce is off by default (archived upstream)");
        assertEquals("21.0.11", valid().effectiveTutorVersion());
        assertEquals("release/ulmo.5", valid().effectivePlatformRef());
    }

    @Test
    void configurablePrefixesNameTheOtherSites() {
        DomainPrefixes prefixes = DomainPrefixes.parse("studio=cms,mfe=mfe");
        InstanceSettings s = valid();
        InstanceSettings custom = new InstanceSettings(s.name(), "demo", "example.com", prefixes, "ulmo", null, s.plugins(),
                s.edxPlatformRepo(), null, null, null, null, false, null, false);
        assertEquals("cms.demo.example.com", custom.domains().studio());
        assertEquals("mfe.demo.example.com", custom.domains().site("mfe"));
        assertEquals("domainPrefixes.mfe", custom.domains().fieldsByHost().get("mfe.demo.example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-demo", "demo-", "De mo", "demo.x", "UPPER", "a_b",
            "x234567890123456789012345678901234567890123456789012345678901234"})
    void refusesSubDomainsThatAreNotDnsLabels(String subDomain) {
        Map<?, ?> errors = fieldErrors(with(subDomain, "ulmo", null, List.of(), valid().edxPlatformRepo(), null, null));
        assertTrue(errors.containsKey("subDomain"), errors.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"www", "api", "studio", "preview"})
    void refusesBlacklistedSubDomains(String subDomain) {
        Map<?, ?> errors = fieldErrors(with(subDomain, "ulmo", null, List.of(), valid().edxPlatformRepo(), null, null));
        assertEquals("'" + subDomain + "' is reserved", errors.get("subDomain"));
    }

    @Test
    void namesEveryInvalidFieldAtOnce() {
        Map<?, ?> errors = fieldErrors(new InstanceSettings(" ", "ok", "not a domain", DomainPrefixes.DEFAULT, "olive", "x",
                List.of(new TutorPlugin("evil", null)), "ftp://x", "-bad", "Not An Image", null, "key: [unclosed", false, "nobody", false));
        assertEquals(Set.of("name", "baseDomain", "openedxRelease", "tutorVersion", "plugins", "edxPlatformRepo", "edxPlatformRef",
                "dockerImage", "extraSettings", "ownerEmail"), errors.keySet());
    }

    /** Regression (issue 18.4): settings keys reached the deployment last and won over what Berth validated. */
    @ParameterizedTest
    @ValueSource(strings = {"LMS_HOST: evil.example.com", "CMS_HOST: x", "MFE_HOST: x", "MYSQL_HOST: db.evil", "RUN_MYSQL: false",
            "EDX_PLATFORM_REPOSITORY: ext::sh -c id", "EDX_PLATFORM_VERSION: --upload-pack=id", "DOCKER_IMAGE_OPENEDX: evil/image",
            "PLUGINS: [evil]", "OPENEDX_SECRET_KEY: x", "JWT_RSA_PRIVATE_KEY: x", "SMTP_PASSWORD: x", "PLATFORM_NAME: Other",
            "berth_app_server_id: x", "configuration_repo: x", "EDXAPP_LMS_BASE: x", "NOT_A_TUTOR_KEY: 1", "MOUNTS: [/etc]"})
    void extraSettingsNeverOverrideWhatBerthOwns(String line) {
        Map<?, ?> errors = fieldErrors(with("demo", "ulmo", null, valid().plugins(), valid().edxPlatformRepo(), null, line));
        String key = line.substring(0, line.indexOf(':'));
        assertTrue(String.valueOf(errors.get("extraSettings")).startsWith(key + " "), errors.toString());
    }

    @Test
    void pluginKeysAreAcceptedOnlyWhenThePluginIsEnabled() {
        assertDoesNotThrow(() -> rules.validate(with("demo", "ulmo", null, valid().plugins(), valid().edxPlatformRepo(), null,
                "MFE_DOCKER_IMAGE: registry.example.com/mfe:21\n")));
        assertTrue(String.valueOf(fieldErrors(with("demo", "ulmo", null, valid().plugins(), valid().edxPlatformRepo(), null,
                "DISCOVERY_INDEX_NAME: x\n")).get("extraSettings")).contains("not a setting of Tutor 21"));
        assertTrue(String.valueOf(fieldErrors(with("demo", "ulmo", null, valid().plugins(), valid().edxPlatformRepo(), null,
                "PREVIEW_LMS_HOST: x\n")).get("extraSettings")).contains("reserved"));
        assertDoesNotThrow(() -> rules.validate(with("demo", "redwood", null, valid().plugins(), valid().edxPlatformRepo(), null,
                "RUN_ELASTICSEARCH: false\n")), "Redwood still has Elasticsearch");
        assertTrue(fieldErrors(with("demo", "ulmo", null, valid().plugins(), valid().edxPlatformRepo(), null,
                "RUN_ELASTICSEARCH: false\n")).containsKey("extraSettings"), "Ulmo has Meilisearch instead");
    }

    /** Regression (issue 18.4): refs could be options ({@code --upload-pack=…}) and URLs any transport ({@code ext::}). */
    @ParameterizedTest
    @ValueSource(strings = {"--upload-pack=id", "-b", "a..b", "refs/heads/x.lock", "with space", "x@{1}", "a//b", "trailing/", ".hidden/x"})
    void refsCannotBeOptionsOrAnythingGitWouldMisread(String ref) {
        assertTrue(fieldErrors(with("demo", "ulmo", null, List.of(), valid().edxPlatformRepo(), ref, null)).containsKey("edxPlatformRef"), ref);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ext::sh -c id", "--upload-pack=id", "file:///etc", "/local/path", "http://insecure.example.com/x.git",
            "https://host/../x", "ssh://-oProxyCommand=id/x", "git@-x:y", "https://github.com/x/y.git --foo"})
    void repositoriesAreHttpsOrSshUrlsOnly(String url) {
        assertTrue(fieldErrors(with("demo", "ulmo", null, List.of(), url, null, null)).containsKey("edxPlatformRepo"), url);
    }

    @Test
    void commitShasAndUsualRefsAndUrlsAreWelcome() {
        for (String ref : List.of("a1b2c3d", "0123456789abcdef0123456789abcdef01234567", "release/ulmo.5", "v21.0.1", "feature/my_branch+x")) {
            assertDoesNotThrow(() -> rules.validate(with("demo", "ulmo", null, List.of(), valid().edxPlatformRepo(), ref, null)), ref);
        }
        for (String url : List.of("https://github.com/openedx/edx-platform.git", "ssh://git@github.com:22/org/repo.git",
                "git@github.com:org/repo.git")) {
            assertDoesNotThrow(() -> rules.validate(with("demo", "ulmo", null, List.of(), url, null, null)), url);
        }
        assertTrue(GitSources.isCommit("0123456789abcdef0123456789abcdef01234567"));
        assertFalse(GitSources.isCommit("release/ulmo.5"));
    }

    @Test
    void tutorVersionAndPluginsFollowTheRelease() {
        assertDoesNotThrow(() -> rules.validate(with("demo", "ulmo", "21.0.4", List.of(new TutorPlugin("mfe", "21.0.2")),
                valid().edxPlatformRepo(), null, null)));
        assertTrue(fieldErrors(with("demo", "ulmo", "20.0.6", List.of(), valid().edxPlatformRepo(), null, null)).containsKey("tutorVersion"));
        assertTrue(String.valueOf(fieldErrors(with("demo", "ulmo", null, List.of(new TutorPlugin("ecommerce", null)),
                valid().edxPlatformRepo(), null, null)).get("plugins")).contains("does not exist for Tutor 21"), "ecommerce ended with Sumac");
        assertDoesNotThrow(() -> rules.validate(with("demo", "sumac", null, List.of(new TutorPlugin("ecommerce", null)),
                valid().edxPlatformRepo(), null, null)));
        assertTrue(String.valueOf(fieldErrors(with("demo", "ulmo", null, List.of(new TutorPlugin("minio", null)),
                valid().edxPlatformRepo(), null, null)).get("plugins")).contains("not an allowed plugin"), "not on this operator's list");
        assertTrue(fieldErrors(with("demo", "ulmo", null, List.of(new TutorPlugin("mfe", "20.1.0")),
                valid().edxPlatformRepo(), null, null)).containsKey("plugins"));
    }

    @Test
    void extraSettingsMustBeAMappingAndSmallEnough() {
        ExtraSettings extra = new ExtraSettings(100);
        assertTrue(extra.check("a: 1\nb: [1, 2]").isEmpty());
        assertTrue(extra.check("").isEmpty());
        assertTrue(extra.check("- a\n- b").orElseThrow().contains("mapping"));
        assertTrue(extra.check("a: 1\na: 2").orElseThrow().contains("not valid YAML"));
        assertTrue(extra.check("x: " + "y".repeat(200)).orElseThrow().contains("at most 100"));
        assertTrue(extra.check("a: !!javax.script.ScriptEngineManager []").orElseThrow().contains("not valid YAML"));
        assertTrue(extra.check("key: [unclosed").orElseThrow().contains("line 1"));
    }

    @Test
    void billionLaughsIsRefused() {
        String bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n";
        assertTrue(new ExtraSettings(10_000).check(bomb).isPresent());
    }

    @Test
    void statusTransitionsFollowTheLifecycle() {
        assertTrue(AppServerStatus.NEW.canMoveTo(AppServerStatus.WAITING));
        assertTrue(AppServerStatus.CONFIGURING.canMoveTo(AppServerStatus.FAILED));
        assertTrue(AppServerStatus.FAILED.canMoveTo(AppServerStatus.TERMINATED));
        assertTrue(!AppServerStatus.RUNNING.canMoveTo(AppServerStatus.CONFIGURING));
        assertTrue(!AppServerStatus.TERMINATED.canMoveTo(AppServerStatus.RUNNING));
    }
}
