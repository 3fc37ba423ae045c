package dev.berth.aws.ssm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

/** SSM answers in the shapes of its API reference (JSON 1.1 protocol: GetParametersByPath, GetParameter). */
class SsmSettingsTest {

    @Test
    void secretsNamedInTheEnvironmentAreFetchedDecryptedAndTheEnvironmentWins() {
        WireMockServer ssm = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        ssm.start();
        try {
            ssm.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParametersByPath"))
                    .withRequestBody(matchingJsonPath("$.WithDecryption", equalTo("true")))
                    .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1").withBody("""
                            {"Parameters": [
                              {"Name": "/berth/openstack/OS_AUTH_URL", "Type": "String", "Value": "https://keystone.example.com/v3", "Version": 1},
                              {"Name": "/berth/openstack/OS_PASSWORD", "Type": "SecureString", "Value": "s3cret", "Version": 2},
                              {"Name": "/berth/openstack/OS_USERNAME", "Type": "String", "Value": "from-ssm", "Version": 1}]}""")));
            ssm.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
                    .withRequestBody(matchingJsonPath("$.Name", equalTo("/berth/github/token")))
                    .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1").withBody("""
                            {"Parameter": {"Name": "/berth/github/token", "Type": "SecureString", "Value": "ghp_x", "Version": 1}}""")));
            SsmClient client = SsmClient.builder().endpointOverride(URI.create("http://localhost:" + ssm.port()))
                    .httpClient(ApacheHttpClient.create()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build();
            Map<String, String> env = SsmSettings.resolve(Map.of("BERTH_OPENSTACK_SSM_PATH", "/berth/openstack",
                    "BERTH_GITHUB_TOKEN_SSM_PARAMETER", "/berth/github/token", "OS_USERNAME", "from-env"), client);
            assertEquals("https://keystone.example.com/v3", env.get("OS_AUTH_URL"));
            assertEquals("s3cret", env.get("OS_PASSWORD"));
            assertEquals("ghp_x", env.get("BERTH_GITHUB_TOKEN"));
            assertEquals("from-env", env.get("OS_USERNAME"), "the environment wins");
            assertEquals(Map.of("BERTH_LOCAL", "true", "BERTH_OPENSTACK_SSM_PATH", "/x"),
                    SsmSettings.resolve(Map.of("BERTH_LOCAL", "true", "BERTH_OPENSTACK_SSM_PATH", "/x")), "the local runtime never asks SSM");
        } finally {
            ssm.stop();
        }
    }
}
