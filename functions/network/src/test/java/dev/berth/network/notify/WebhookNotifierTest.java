package dev.berth.network.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.berth.core.monitoring.Notification;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Slack incoming webhook as its documentation describes it: POST JSON with "text", 200 "ok"; 4xx/5xx with a plain-text reason. */
class WebhookNotifierTest {
    private static final String PATH = "/services/T000/B000/XXXXsecretXXXX";
    private final WireMockServer slack = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private final Notification recovered = new Notification(Notification.Kind.RECOVERED, "inc-1", "in-1", "Demo",
            "https://demo.example.com/", "(no answer)", Instant.parse("2026-11-29T10:30:00Z"), List.of());

    @BeforeEach
    void start() {
        slack.start();
    }

    @AfterEach
    void stop() {
        slack.stop();
    }

    @Test
    void postsTheHeadlineAsTextWithTheIncidentsFields() {
        slack.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withBody("ok")));
        new WebhookNotifier("http://localhost:" + slack.port() + PATH).send(recovered);
        slack.verify(postRequestedFor(urlEqualTo(PATH)).withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(matchingJsonPath("$.text", equalTo("Demo answers again: https://demo.example.com/")))
                .withRequestBody(matchingJsonPath("$.kind", equalTo("recovered")))
                .withRequestBody(matchingJsonPath("$.incidentId", equalTo("inc-1"))));
    }

    @Test
    void aRefusalFailsWithoutShowingTheSecretUrl() {
        slack.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(403).withBody("invalid_token")));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new WebhookNotifier("http://localhost:" + slack.port() + PATH).send(recovered));
        assertTrue(e.getMessage().contains("HTTP 403"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), "the webhook's URL is a secret: " + e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WebhookNotifier("file:///etc/passwd"));
    }

    @Test
    void aMalformedUrlIsAFailingChannelThatNeverShowsIt() {
        // Regression (review): URI.create's message quoted the whole secret URL, and the error stopped every other channel.
        var broken = WebhookNotifier.orFailing("https://hooks.slack.com/services/T0/B0/XXXXsecretXXXX with a space");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> broken.send(recovered));
        assertFalse(e.getMessage().contains("secret") && e.getMessage().contains("XXXX"), e.getMessage());
        assertTrue(e.getMessage().contains("not a URL"), e.getMessage());
    }
}
