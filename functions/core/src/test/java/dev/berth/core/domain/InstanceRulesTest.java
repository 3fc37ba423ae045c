package dev.berth.core.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.error.BerthException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstanceRulesTest {
    private final InstanceRules rules = new InstanceRules(Set.of("www", "api", "studio", "preview"), 1024);

    static InstanceSettings valid() {
        return new InstanceSettings("Demo", "demo", "example.com", DomainPrefixes.DEFAULT, "open-release/sumac.master",
                "https://github.com/openedx/configuration.git", "master", "https://github.com/openedx/edx-platform.git",
                "master", "FEATURES:\n  ENABLE_X: true\n", false, "owner@example.com", false);
    }

    private Map<?, ?> fieldErrors(InstanceSettings settings) {
        BerthException e = assertThrows(BerthException.class, () -> rules.validate(settings));
        assertEquals(BerthException.Kind.INVALID, e.kind());
        return (Map<?, ?>) e.details().get("fields");
    }

    @Test
    void acceptsValidSettingsAndDerivesDomains() {
        assertDoesNotThrow(() -> rules.validate(valid()));
        Domains d = valid().domains();
        assertEquals("demo.example.com", d.lms());
        assertEquals("studio.demo.example.com", d.studio());
        assertEquals("preview.demo.example.com", d.preview());
        assertEquals("ecommerce.demo.example.com", d.ecommerce());
        assertEquals("discovery.demo.example.com", d.discovery());
    }

    @Test
    void configurablePrefixesNameTheOtherSites() {
        DomainPrefixes prefixes = DomainPrefixes.parse("studio=cms,preview=pre");
        assertEquals("cms.demo.example.com", Domains.of("demo", "example.com", prefixes).studio());
        assertEquals("ecommerce.demo.example.com", Domains.of("demo", "example.com", prefixes).ecommerce());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-demo", "demo-", "De mo", "demo.x", "UPPER", "a_b",
            "x234567890123456789012345678901234567890123456789012345678901234"})
    void refusesSubDomainsThatAreNotDnsLabels(String subDomain) {
        InstanceSettings s = valid();
        Map<?, ?> errors = fieldErrors(new InstanceSettings(s.name(), subDomain, s.baseDomain(), s.domainPrefixes(),
                s.openedxRelease(), s.configurationRepo(), s.configurationVersion(), s.edxPlatformRepo(),
                s.edxPlatformCommit(), s.extraSettings(), false, null, false));
        assertTrue(errors.containsKey("subDomain"), errors.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"www", "api", "studio", "preview"})
    void refusesBlacklistedSubDomains(String subDomain) {
        InstanceSettings s = valid();
        Map<?, ?> errors = fieldErrors(new InstanceSettings(s.name(), subDomain, s.baseDomain(), s.domainPrefixes(),
                s.openedxRelease(), s.configurationRepo(), s.configurationVersion(), s.edxPlatformRepo(),
                s.edxPlatformCommit(), null, false, null, false));
        assertEquals("'" + subDomain + "' is reserved", errors.get("subDomain"));
    }

    @Test
    void namesEveryInvalidFieldAtOnce() {
        Map<?, ?> errors = fieldErrors(new InstanceSettings(" ", "ok", "not a domain", DomainPrefixes.DEFAULT, "",
                "ftp://x", "bad ref", "https://github.com/x/y", "m", "key: [unclosed", false, "nobody", false));
        assertEquals(Set.of("name", "baseDomain", "openedxRelease", "configurationRepo", "configurationVersion",
                "extraSettings", "ownerEmail"), errors.keySet());
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
