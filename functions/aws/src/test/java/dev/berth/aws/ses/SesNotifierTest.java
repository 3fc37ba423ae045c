package dev.berth.aws.ses;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.berth.core.monitoring.Notification;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** SES answers as its v2 API reference says (REST-JSON: POST /v2/email/outbound-emails → {"MessageId"}). */
class SesNotifierTest {
    private final WireMockServer ses = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private SesNotifier notifier;
    private final Notification down = new Notification(Notification.Kind.DOWN, "inc-1", "in-1", "Demo", "https://demo.example.com/",
            "(HTTP 503 from /heartbeat)", Instant.parse("2026-11-29T10:00:00Z"), List.of());

    @BeforeEach
    void start() {
        ses.start();
        SesV2Client client = SesV2Client.builder().endpointOverride(URI.create("http://localhost:" + ses.port()))
                .httpClient(ApacheHttpClient.create()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build();
        notifier = new SesNotifier(client, "berth@example.com", List.of("ops@example.com", "oncall@example.com"));
    }

    @AfterEach
    void stop() {
        ses.stop();
    }

    @Test
    void sendsOneEmailToEveryRecipientWithTheHeadlineAsSubject() {
        ses.stubFor(post(urlEqualTo("/v2/email/outbound-emails")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"MessageId\": \"0100018c-example\"}")));
        notifier.send(down);
        ses.verify(1, postRequestedFor(urlEqualTo("/v2/email/outbound-emails"))
                .withRequestBody(matchingJsonPath("$.FromEmailAddress", equalTo("berth@example.com")))
                .withRequestBody(matchingJsonPath("$.Destination.ToAddresses[1]", equalTo("oncall@example.com")))
                .withRequestBody(matchingJsonPath("$.Content.Simple.Subject.Data", equalTo("[Berth] Demo is down: https://demo.example.com/ (HTTP 503 from /heartbeat)")))
                .withRequestBody(matchingJsonPath("$.Content.Simple.Body.Text.Data", equalTo(down.text()))));
    }

    @Test
    void aRefusalIsAFailureTheMonitorRecords() {
        ses.stubFor(post(urlEqualTo("/v2/email/outbound-emails")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withHeader("x-amzn-ErrorType", "MessageRejected")
                .withBody("{\"message\": \"Email address is not verified.\"}")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> notifier.send(down));
        assertTrue(e.getMessage().contains("not verified"), e.getMessage());
    }

    @Test
    void anInstancesOwnerIsWrittenToBesideTheOperatorsAndAloneWhenThereAreNone() {
        ses.stubFor(post(urlEqualTo("/v2/email/outbound-emails")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"MessageId\": \"0100018c-example\"}")));
        Notification owned = new Notification(down.kind(), down.incidentId(), down.instanceId(), down.instanceName(), down.url(), down.reason(),
                down.at(), List.of("owner@example.edu", "ops@example.com"));
        notifier.send(owned);
        ses.verify(postRequestedFor(urlEqualTo("/v2/email/outbound-emails"))
                .withRequestBody(matchingJsonPath("$.Destination.ToAddresses.length()", equalTo("3")))
                .withRequestBody(matchingJsonPath("$.Destination.ToAddresses[2]", equalTo("owner@example.edu"))));
        SesNotifier ownersOnly = new SesNotifier(SesV2Client.builder().endpointOverride(URI.create("http://localhost:" + ses.port()))
                .httpClient(ApacheHttpClient.create()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build(), "berth@example.com", List.of());
        assertTrue(!ownersOnly.reaches(down), "no operator and no owner: nobody to write to");
        assertTrue(ownersOnly.reaches(owned));
    }
}
