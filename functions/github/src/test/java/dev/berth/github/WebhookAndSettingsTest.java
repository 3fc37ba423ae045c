package dev.berth.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertThrows(dev.berth.core.error.BerthException.class, () -> WebhookEvents.parse("pull_request", "[1]".getBytes(StandardCharsets.UTF_8)));
        WebhookEvent.PullRequest nullBody = (WebhookEvent.PullRequest) WebhookEvents.parse("pull_request", fixture("pull_request.opened.with-null-body"));
        assertEquals(null, nullBody.body());
        WebhookEvent.PullRequest labeled = (WebhookEvent.PullRequest) WebhookEvents.parse("pull_request", fixture("pull_request.labeled"));
        assertTrue(labeled.label() != null && !labeled.label().isEmpty());
    }
}
