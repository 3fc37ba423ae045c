package dev.berth.network.dns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.berth.core.port.compute.CloudException;
import dev.berth.core.port.routing.DnsRecord;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;

/** Both DNS adapters against stubs in the shapes of the Gandi LiveDNS v5 and Route 53 API references. */
class DnsAdaptersTest {
    private WireMockServer stub;

    @BeforeEach
    void start() {
        stub = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        stub.start();
    }

    @AfterEach
    void stop() {
        stub.stop();
    }

    @Test
    void gandiReplacesAndRemovesRrsetsIdempotently() {
        GandiLiveDns gandi = new GandiLiveDns("http://localhost:" + stub.port() + "/v5", "example.com", "pat-123");
        stub.stubFor(put(urlEqualTo("/v5/livedns/domains/example.com/records/studio.demo/A")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"message\": \"DNS Record Created\"}")));
        stub.stubFor(put(urlEqualTo("/v5/livedns/domains/example.com/records/demo/A")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"message\": \"DNS Record Created\"}")));
        List<DnsRecord> records = List.of(new DnsRecord("demo.example.com", "A", "203.0.113.5", 300),
                new DnsRecord("studio.demo.example.com", "A", "203.0.113.5", 300));
        gandi.upsert(records);
        gandi.upsert(records);
        stub.verify(2, putRequestedFor(urlEqualTo("/v5/livedns/domains/example.com/records/demo/A"))
                .withHeader("Authorization", equalTo("Bearer pat-123"))
                .withRequestBody(equalToJson("{\"rrset_values\": [\"203.0.113.5\"], \"rrset_ttl\": 300}")));
        stub.stubFor(delete(urlEqualTo("/v5/livedns/domains/example.com/records/demo/A")).willReturn(aResponse().withStatus(204)));
        stub.stubFor(delete(urlEqualTo("/v5/livedns/domains/example.com/records/studio.demo/A")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"code\": 404, \"message\": \"Can't find the DNS record\", \"object\": \"dns-record\", \"cause\": \"Not Found\"}")));
        gandi.delete(records);
        stub.verify(deleteRequestedFor(urlEqualTo("/v5/livedns/domains/example.com/records/studio.demo/A")));

        stub.stubFor(put(urlEqualTo("/v5/livedns/domains/example.com/records/x/A")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"code\": 401, \"message\": \"The server could not verify that you are authorized\", \"object\": \"HTTPUnauthorized\", \"cause\": \"Unauthorized\"}")));
        assertFalse(assertThrows(CloudException.class, () -> gandi.upsert(List.of(new DnsRecord("x.example.com", "A", "1.2.3.4", 300)))).isTransient());
        stub.stubFor(put(urlEqualTo("/v5/livedns/domains/example.com/records/y/A")).willReturn(aResponse().withStatus(503)));
        assertTrue(assertThrows(CloudException.class, () -> gandi.upsert(List.of(new DnsRecord("y.example.com", "A", "1.2.3.4", 300)))).isTransient());
        assertThrows(CloudException.class, () -> gandi.upsert(List.of(new DnsRecord("demo.other.org", "A", "1.2.3.4", 300))));
    }

    private Route53Client route53() {
        return Route53Client.builder().endpointOverride(URI.create("http://localhost:" + stub.port())).region(Region.AWS_GLOBAL)
                .httpClient(ApacheHttpClient.create()).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1))).build();
    }

    private static final String CHANGE_INFO = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ChangeResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
              <ChangeInfo><Id>/change/C2682N5HXP0BZ4</Id><Status>PENDING</Status><SubmittedAt>2026-11-24T12:00:00.000Z</SubmittedAt></ChangeInfo>
            </ChangeResourceRecordSetsResponse>""";

    @Test
    void acmeChallengesAreTxtRecordsInQuotesAsBothProvidersWantThem() {
        DnsRecord challenge = new DnsRecord("_acme-challenge.example.com", "TXT", "gfj9Xq-Rz6BzA1cWIgFy2IDRlqp4h6rBjQxbl5Gcj3M", 60);
        GandiLiveDns gandi = new GandiLiveDns("http://localhost:" + stub.port() + "/v5", "example.com", "pat-123");
        stub.stubFor(put(urlEqualTo("/v5/livedns/domains/example.com/records/_acme-challenge/TXT")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"message\": \"DNS Record Created\"}")));
        gandi.upsert(List.of(challenge));
        stub.verify(putRequestedFor(urlEqualTo("/v5/livedns/domains/example.com/records/_acme-challenge/TXT"))
                .withRequestBody(equalToJson("{\"rrset_values\": [\"\\\"gfj9Xq-Rz6BzA1cWIgFy2IDRlqp4h6rBjQxbl5Gcj3M\\\"\"], \"rrset_ttl\": 300}"))); // Gandi's shortest TTL
        Route53Dns route53 = new Route53Dns(route53(), "Z1D633PJN98FT9");
        stub.stubFor(post(urlEqualTo("/2013-04-01/hostedzone/Z1D633PJN98FT9/rrset/")).willReturn(aResponse().withHeader("Content-Type", "text/xml")
                .withBody(CHANGE_INFO)));
        route53.upsert(List.of(challenge));
        stub.verify(postRequestedFor(urlEqualTo("/2013-04-01/hostedzone/Z1D633PJN98FT9/rrset/"))
                .withRequestBody(containing("<Type>TXT</Type>"))
                .withRequestBody(containing("<Value>&quot;gfj9Xq-Rz6BzA1cWIgFy2IDRlqp4h6rBjQxbl5Gcj3M&quot;</Value>")));
    }

    @Test
    void route53UpsertsAndToleratesDeletingWhatIsGone() {
        Route53Dns dns = new Route53Dns(route53(), "Z1D633PJN98FT9");
        stub.stubFor(post(urlEqualTo("/2013-04-01/hostedzone/Z1D633PJN98FT9/rrset/")).withRequestBody(containing("<Action>UPSERT</Action>"))
                .willReturn(aResponse().withHeader("Content-Type", "text/xml").withBody(CHANGE_INFO)));
        dns.upsert(List.of(new DnsRecord("demo.example.com", "CNAME", "lb.example.com", 300)));
        stub.verify(postRequestedFor(urlEqualTo("/2013-04-01/hostedzone/Z1D633PJN98FT9/rrset/"))
                .withRequestBody(containing("<Name>demo.example.com</Name>"))
                .withRequestBody(containing("<Type>CNAME</Type>"))
                .withRequestBody(containing("<Value>lb.example.com</Value>")));
        stub.stubFor(post(urlEqualTo("/2013-04-01/hostedzone/Z1D633PJN98FT9/rrset/")).withRequestBody(containing("<Action>DELETE</Action>"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/xml").withBody("""
                        <?xml version="1.0"?>
                        <InvalidChangeBatch xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
                          <Messages><Message>Tried to delete resource record set [name='demo.example.com.', type='CNAME'] but it was not found</Message></Messages>
                          <RequestId>b25f48e8-84fd-11e6-80d9-574e0c4664cb</RequestId>
                        </InvalidChangeBatch>""")));
        dns.delete(List.of(new DnsRecord("demo.example.com", "CNAME", "lb.example.com", 300)));
        stub.stubFor(post(urlEqualTo("/2013-04-01/hostedzone/Z1D633PJN98FT9/rrset/")).withRequestBody(containing("<Action>UPSERT</Action>"))
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/xml").withBody("""
                        <?xml version="1.0"?>
                        <ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type>
                        <Code>AccessDenied</Code><Message>User is not authorized to perform: route53:ChangeResourceRecordSets</Message></Error>
                        <RequestId>x</RequestId></ErrorResponse>""")));
        assertFalse(assertThrows(CloudException.class, () -> dns.upsert(List.of(new DnsRecord("demo.example.com", "A", "1.2.3.4", 300)))).isTransient());
    }
}
