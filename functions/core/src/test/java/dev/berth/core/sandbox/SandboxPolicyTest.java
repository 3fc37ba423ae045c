package dev.berth.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxPolicyTest {
    @Test
    void theSettingsBlockIsParsedMergedAndLimited() throws Exception {
        String body = "Fixes the thing.\r\n\r\n**Settings**\r\n```yaml\r\nEDXAPP_FEATURES:\r\n  ENABLE_X: true\r\nDEBUG: true\r\n```\r\nThanks!";
        Map<String, Object> settings = PullRequestSettings.parse(body);
        assertEquals(Map.of("ENABLE_X", true), settings.get("EDXAPP_FEATURES"));
        String merged = PullRequestSettings.merge("EDXAPP_FEATURES:\n  ENABLE_Y: true\n  ENABLE_X: false\nDEBUG: false\nOTHER: 1\n", settings,
                List.of("EDXAPP_FEATURES", "DEBUG"));
        assertTrue(merged.contains("ENABLE_X: true") && merged.contains("ENABLE_Y: true") && merged.contains("DEBUG: true")
                && merged.contains("OTHER: 1"), merged);
        assertEquals(Map.of(), PullRequestSettings.parse(null));
        assertEquals(Map.of(), PullRequestSettings.parse("No settings here, just ```yaml\na: 1\n``` without the title"));
        PullRequestSettings.Problem forbidden = assertThrows(PullRequestSettings.Problem.class,
                () -> PullRequestSettings.merge("", Map.of("SECRET_KEY", "x"), List.of("DEBUG")));
        assertTrue(forbidden.getMessage().contains("SECRET_KEY"));
        PullRequestSettings.Problem invalid = assertThrows(PullRequestSettings.Problem.class,
                () -> PullRequestSettings.parse("**Settings**\n```yml\na: [1, 2\n```\n"));
        assertTrue(invalid.getMessage().contains("not valid YAML"), invalid.getMessage());
        assertThrows(PullRequestSettings.Problem.class, () -> PullRequestSettings.parse("**Settings**\n```yaml\n- a\n- b\n```\n"));
    }

    @Test
    void sandboxSubDomainsAreUniqueStableDnsLabels() {
        String a = SandboxNames.subDomain("openedx/edx-platform", 123);
        assertEquals(a, SandboxNames.subDomain("OpenEdx/edx-platform", 123), "stable");
        assertTrue(a.startsWith("pr123-edx-platform-"), a);
        String fork = SandboxNames.subDomain("someone/edx-platform", 123);
        assertFalse(a.equals(fork), "the same PR number in another repository is another sandbox");
        String longName = SandboxNames.subDomain("org/" + "very-long-repository-name-".repeat(5) + "x", 987654);
        assertTrue(longName.length() <= 63, longName);
        assertTrue(longName.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?"), longName);
        assertTrue(SandboxNames.subDomain("org/___", 1).matches("pr1-[0-9a-f]{6}"));
        assertTrue(SandboxNames.subDomain("org/Ünïcode_Repo", 7).matches("pr7-[a-z0-9-]+-[0-9a-f]{6}"));
    }
}
