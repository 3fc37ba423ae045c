package dev.berth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.LambdaClient.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatchedRepositoriesApiTest {
    private final LambdaClient api = new LambdaClient();
    private static final String ROUTE = "/api/v1/watched-repositories";

    @Test
    void adminsWatchRepositoriesWithValidatedPolicies() {
        Response bad = api.post(ROUTE, "{\"fullName\":\"not a repo\",\"baseDomain\":\"Example\",\"maxConcurrentSandboxes\":0,"
                + "\"allowedAuthorAssociations\":[\"FRIEND\"],\"defaultSettings\":\"a: [\",\"colour\":1}");
        assertEquals(422, bad.status());
        var fields = bad.body().at("/details/fields");
        assertTrue(fields.has("colour"), fields.toString());
        Response typed = api.post(ROUTE, "{\"fullName\":\"openedx/edx-platform\",\"baseDomain\":\"sandboxes.example.com\",\"maxConcurrentSandboxes\":\"ten\"}");
        assertEquals("must be a whole number", typed.body().at("/details/fields/maxConcurrentSandboxes").asText());
        Response invalid = api.post(ROUTE, "{\"fullName\":\"not a repo\",\"baseDomain\":\"Example\",\"maxConcurrentSandboxes\":0,"
                + "\"allowedAuthorAssociations\":[\"FRIEND\"],\"defaultSettings\":\"a: [\"}");
        assertEquals(422, invalid.status());
        var invalidFields = invalid.body().at("/details/fields");
        for (String field : new String[] {"fullName", "baseDomain", "maxConcurrentSandboxes", "allowedAuthorAssociations", "defaultSettings"}) {
            assertTrue(invalidFields.has(field), field + " in " + invalidFields);
        }
        assertEquals(0, api.get(ROUTE, null).body().get("items").size(), "nothing written");

        Response created = api.post(ROUTE, "{\"fullName\":\"openedx/edx-platform\",\"baseDomain\":\"sandboxes.example.com\"}");
        assertEquals(201, created.status(), created.body().toString());
        assertEquals(7, created.body().get("keepDaysAfterClose").asInt());
        assertEquals(5, created.body().get("maxConcurrentSandboxes").asInt());
        assertEquals("[\"COLLABORATOR\",\"MEMBER\",\"OWNER\"]", created.body().get("allowedAuthorAssociations").toString());
        String id = created.body().get("id").asText();
        assertEquals(409, api.post(ROUTE, "{\"fullName\":\"OpenEdx/edx-platform\",\"baseDomain\":\"x.example.com\"}").status(),
                "a repository is watched once, whatever the case of its name");

        Response patched = api.call("PATCH", ROUTE + "/{id}", id, null, "{\"labelGate\":\"sandbox\",\"maxConcurrentSandboxes\":2}",
                Map.of("If-Match", "\"v1\""));
        assertEquals(200, patched.status(), patched.body().toString());
        assertEquals("sandbox", patched.body().get("labelGate").asText());
        assertEquals(412, api.call("PATCH", ROUTE + "/{id}", id, null, "{\"enabled\":false}", Map.of("If-Match", "\"v1\"")).status());
        assertEquals(422, api.call("PATCH", ROUTE + "/{id}", id, null, "{\"fullName\":\"other/repo\"}", Map.of("If-Match", "\"v2\"")).status());

        Response managerToken = api.post("/api/v1/tokens", "{\"name\":\"m\",\"role\":\"manager\"}");
        assertEquals(403, api.as(managerToken.body().get("token").asText()).get(ROUTE, null).status());

        assertEquals(204, api.call("DELETE", ROUTE + "/{id}", id, null, null, Map.of("If-Match", "\"v2\"")).status());
        assertEquals(404, api.get(ROUTE + "/{id}", id).status());
        assertEquals(201, api.post(ROUTE, "{\"fullName\":\"openedx/edx-platform\",\"baseDomain\":\"sandboxes.example.com\"}").status());
        assertEquals("delete", api.get("/api/v1/audit", null, "target=" + id).body().at("/items/0/action").asText());
        assertEquals(0, api.get("/api/v1/instances", null, "repository=openedx/edx-platform&pullRequest=7").body().get("items").size());
        assertEquals(422, api.get("/api/v1/instances", null, "repository=openedx/edx-platform&pullRequest=x").status());
    }

    @Test
    void aPullRequestsSandboxIsFoundByRepositoryAndNumber() {
        api.post(ROUTE, "{\"fullName\":\"openedx/edx-platform\",\"baseDomain\":\"sandboxes.example.com\"}");
        var core = api.root().core();
        var settings = dev.berth.core.testing.TestCore.settings("openedx/edx-platform#7",
                dev.berth.core.sandbox.SandboxNames.subDomain("openedx/edx-platform", 7));
        var sandbox = core.instances().createSandbox(dev.berth.core.auth.Principal.system("t"),
                new dev.berth.core.domain.InstanceSettings(settings.name(), settings.subDomain(), "sandboxes.example.com", settings.domainPrefixes(),
                        settings.openedxRelease(), null, settings.plugins(), settings.edxPlatformRepo(), null, null, null, null, true, null, false),
                new dev.berth.core.domain.Instance.PullRequestSource("openedx/edx-platform", 7, "a".repeat(40), null));
        var found = api.get("/api/v1/instances", null, "repository=openedx/edx-platform&pullRequest=7").body().get("items");
        assertEquals(1, found.size());
        assertEquals(sandbox.id(), found.get(0).get("id").asText());
    }
}
