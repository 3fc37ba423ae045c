package dev.berth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.LambdaClient.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatchedRepositoriesApiTest {
    private final LambdaClient api = new LambdaClient(LambdaClient.env());
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
    }
}
