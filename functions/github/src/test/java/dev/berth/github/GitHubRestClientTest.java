package dev.berth.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.berth.core.port.compute.CloudException;
import dev.berth.core.port.github.PullRequestInfo;
import dev.berth.github.rest.GitHubRestClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client against stubs in the shapes of GitHub's REST API reference. */
class GitHubRestClientTest {
    private WireMockServer github;
    private GitHubRestClient client;

    @BeforeEach
    void start() {
        github = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        github.start();
        client = new GitHubRestClient("http://localhost:" + github.port(), "ghp_test");
    }

    @AfterEach
    void stop() {
        github.stop();
    }

    @Test
    void readsAPullRequestAndReportsACommitStatus() {
        github.stubFor(get(urlEqualTo("/repos/openedx/edx-platform/pulls/42"))
                .withHeader("Authorization", equalTo("Bearer ghp_test"))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json; charset=utf-8").withBody("""
                        {"url": "https://api.github.com/repos/openedx/edx-platform/pulls/42", "number": 42, "state": "open",
                         "draft": false, "merged": false, "title": "Fix", "body": "**Settings**\\n```yaml\\nDEBUG: true\\n```",
                         "user": {"login": "octocat", "id": 1}, "author_association": "MEMBER",
                         "labels": [{"id": 1, "name": "sandbox"}], "html_url": "https://github.com/openedx/edx-platform/pull/42",
                         "head": {"ref": "fix", "sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e",
                                  "repo": {"full_name": "octocat/edx-platform"}},
                         "base": {"ref": "master", "sha": "6dcb09b5b57875f334f61aebed695e2e4193db5f"}}""")));
        PullRequestInfo pr = client.pullRequest("openedx/edx-platform", 42);
        assertEquals("open", pr.state());
        assertEquals("6dcb09b5b57875f334f61aebed695e2e4193db5e", pr.headSha());
        assertEquals("octocat/edx-platform", pr.headRepository());
        assertEquals(List.of("sandbox"), pr.labels());
        assertEquals("MEMBER", pr.authorAssociation());

        github.stubFor(post(urlEqualTo("/repos/openedx/edx-platform/statuses/6dcb09b5b57875f334f61aebed695e2e4193db5e"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": 1, \"state\": \"success\", \"context\": \"berth/sandbox\"}")));
        client.reportStatus("openedx/edx-platform", "6dcb09b5b57875f334f61aebed695e2e4193db5e", "success",
                "https://pr42.example.com/", "x".repeat(200));
        github.verify(postRequestedFor(urlEqualTo("/repos/openedx/edx-platform/statuses/6dcb09b5b57875f334f61aebed695e2e4193db5e"))
                .withRequestBody(matchingJsonPath("$.state", equalTo("success")))
                .withRequestBody(matchingJsonPath("$.context", equalTo("berth/sandbox")))
                .withRequestBody(matchingJsonPath("$.target_url", equalTo("https://pr42.example.com/"))));
        String sent = github.getAllServeEvents().get(0).getRequest().getBodyAsString();
        assertTrue(sent.contains("\"description\":\"" + "x".repeat(139) + "…\""), "descriptions are cut to GitHub's 140 characters");
    }

    @Test
    void collectsTheTeamsKeysAcrossPages() {
        String next = "<http://localhost:" + github.port() + "/organizations/1/team/2/members?per_page=100&page=2>; rel=\"next\"";
        github.stubFor(get(urlEqualTo("/orgs/openedx/teams/ops/members?per_page=100")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withHeader("Link", next)
                .withBody("[{\"login\": \"zoe\", \"id\": 3, \"type\": \"User\"}]")));
        github.stubFor(get(urlEqualTo("/organizations/1/team/2/members?per_page=100&page=2")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("[{\"login\": \"adam\", \"id\": 4, \"type\": \"User\"}]")));
        github.stubFor(get(urlEqualTo("/users/adam/keys")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("[{\"id\": 1, \"key\": \"ssh-ed25519 AAAAadam\"}, {\"id\": 2, \"key\": \"ssh-rsa AAAAshared\"}]")));
        github.stubFor(get(urlEqualTo("/users/zoe/keys")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("[{\"id\": 3, \"key\": \"ssh-rsa AAAAshared\"}]")));
        assertEquals(List.of("ssh-ed25519 AAAAadam adam@github", "ssh-rsa AAAAshared adam@github"), client.memberKeys("openedx", "ops"));
    }

    @Test
    void membershipAndErrorsAreMappedToTheirMeaning() {
        github.stubFor(get(urlEqualTo("/orgs/openedx/teams/ops/memberships/octocat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"url\": \"x\", \"role\": \"member\", \"state\": \"active\"}")));
        github.stubFor(get(urlEqualTo("/orgs/openedx/teams/ops/memberships/stranger")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"message\": \"Not Found\"}")));
        github.stubFor(get(urlEqualTo("/orgs/openedx/members/octocat")).willReturn(aResponse().withStatus(204)));
        assertTrue(client.isMember("openedx", "ops", "octocat"));
        assertFalse(client.isMember("openedx", "ops", "stranger"));
        assertTrue(client.isMember("openedx", null, "octocat"));

        github.stubFor(get(urlPathEqualTo("/repos/openedx/edx-platform/pulls/1")).willReturn(aResponse().withStatus(502)));
        assertTrue(assertThrows(CloudException.class, () -> client.pullRequest("openedx/edx-platform", 1)).isTransient());
        github.stubFor(get(urlPathEqualTo("/repos/openedx/edx-platform/pulls/2")).willReturn(aResponse().withStatus(403)
                .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", "1795521600")
                .withBody("{\"message\": \"API rate limit exceeded\"}")));
        CloudException limited = assertThrows(CloudException.class, () -> client.pullRequest("openedx/edx-platform", 2));
        assertTrue(limited.isTransient() && limited.getMessage().contains("rate limited"), limited.getMessage());
        github.stubFor(get(urlPathEqualTo("/repos/openedx/edx-platform/pulls/3")).willReturn(aResponse().withStatus(401)
                .withBody("{\"message\": \"Bad credentials\"}")));
        CloudException bad = assertThrows(CloudException.class, () -> client.pullRequest("openedx/edx-platform", 3));
        assertFalse(bad.isTransient());
        assertTrue(bad.getMessage().contains("Bad credentials"));
    }
}
