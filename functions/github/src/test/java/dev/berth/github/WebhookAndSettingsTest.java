package dev.berth.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.github.sandbox.PullRequestSettings;
import dev.berth.core.domain.SandboxNames;
import dev.berth.github.webhook.WebhookEvent;
import dev.berth.github.webhook.WebhookEvents;
import dev.berth.github.webhook.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookAndSettingsTest {

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = WebhookAndSettingsTest.class.getResourceAsStream("/webhooks/" + name + ".json")) {
            return in.readAllBytes();
        }
    }

    @Test
    void signaturesAreCheckedOnTheExactBytes() throws IOException {
        WebhookSignature signature = new WebhookSignature("It's a Secret to Everybody");
        // GitHub's documented example: payload "Hello, World!" with that secret.
        byte[] hello = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        assertEquals("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", signature.sign(hello));
        byte[] body = fixture("pull_request.opened");
        String header = signature.sign(body);
        assertTrue(signature.matches(body, header));
        assertFalse(signature.matches(body, null));
        assertFalse(signature.matches(body, "sha1=" + header.substring(7)));
        assertFalse(signature.matches(body, "sha256=zz" + header.substring(9)));
        assertFalse(new WebhookSignature("another secret").matches(body, header));
        byte[] reEncoded = new String(body, StandardCharsets.UTF_8).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        assertFalse(signature.matches(reEncoded, header), "the same JSON re-encoded is not what was signed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"opened", "reopened", "closed", "synchronize", "ready_for_review", "converted_to_draft", "labeled", "unlabeled",
            "opened.with-null-body", "opened.with-organization", "closed.with-organization"})
    void everyPullRequestFixtureParses(String action) throws IOException {
        WebhookEvent event = WebhookEvents.parse("pull_request", fixture("pull_request." + action));
        WebhookEvent.PullRequest pr = assertInstanceOf(WebhookEvent.PullRequest.class, event);
        assertEquals(action.split("\\.")[0], pr.action());
        assertEquals("Codertocat/Hello-World", pr.repository());
        assertTrue(pr.number() > 0);
        assertEquals(40, pr.headSha().length());
        assertFalse(pr.author().isEmpty());
    }

    @Test
    void pingAndOtherEvents() throws IOException {
        assertInstanceOf(WebhookEvent.Ping.class, WebhookEvents.parse("ping", fixture("ping")));
        WebhookEvent.Ignored push = assertInstanceOf(WebhookEvent.Ignored.class, WebhookEvents.parse("push", fixture("push")));
        assertEquals("push", push.event());
        assertThrows(IllegalArgumentException.class, () -> WebhookEvents.parse("pull_request", "[1]".getBytes(StandardCharsets.UTF_8)));
        WebhookEvent.PullRequest nullBody = (WebhookEvent.PullRequest) WebhookEvents.parse("pull_request", fixture("pull_request.opened.with-null-body"));
        assertEquals(null, nullBody.body());
        WebhookEvent.PullRequest labeled = (WebhookEvent.PullRequest) WebhookEvents.parse("pull_request", fixture("pull_request.labeled"));
        assertTrue(labeled.label() != null && !labeled.label().isEmpty());
    }

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
