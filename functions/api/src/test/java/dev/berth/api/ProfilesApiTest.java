package dev.berth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.LambdaClient.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Setting profiles: defined by admins, checked as instance settings, applied at create and at each launch under the instance's own fields. */
class ProfilesApiTest {
    private final LambdaClient api = new LambdaClient(TestApi.inMemory(new dev.berth.core.testing.RecordingWorkflows()));

    private Response profile(String body) {
        return api.post("/api/v1/profiles", body);
    }

    @Test
    void anInstanceStartsFromItsProfileAndItsOwnFieldsWin() {
        Response created = profile("{\"name\":\"production\",\"description\":\"persistent\",\"defaults\":{\"openedxRelease\":\"teak\","
                + "\"ephemeralDatabases\":false,\"rebuildSchedule\":\"weekly\",\"extraSettings\":\"LANGUAGE_CODE: fr\\n\"}}");
        assertEquals(201, created.status(), created.body().toString());
        assertEquals("\"v1\"", created.header("ETag"));

        Response instance = api.post("/api/v1/instances", "{\"name\":\"Uni\",\"subDomain\":\"uni\",\"profile\":\"production\",\"rebuildSchedule\":\"daily\"}");
        assertEquals(201, instance.status(), instance.body().toString());
        assertEquals("teak", instance.body().get("openedxRelease").asText(), "from the profile");
        assertEquals("LANGUAGE_CODE: fr\n", instance.body().get("extraSettings").asText());
        assertEquals("daily", instance.body().get("rebuildSchedule").asText(), "the instance's own field wins");
        assertEquals("production", instance.body().get("profile").asText());

        Response plain = api.createInstance("Plain", "plain");
        assertEquals("off", plain.body().get("rebuildSchedule").asText());
        assertEquals("ulmo", plain.body().get("openedxRelease").asText(), "no profile: the stack's defaults");
        Response unknown = api.post("/api/v1/instances", "{\"name\":\"X\",\"subDomain\":\"x\",\"profile\":\"nope\"}");
        assertEquals(422, unknown.status());
        assertTrue(unknown.body().at("/details/fields/profile").asText().contains("names no profile"), unknown.body().toString());

        // A change of the profile reaches new instances only.
        Response changed = api.call("PATCH", "/api/v1/profiles/{name}", "production", null, "{\"defaults\":{\"openedxRelease\":\"ulmo\"}}",
                Map.of("If-Match", "\"v1\"", "Content-Type", "application/merge-patch+json"));
        assertEquals(200, changed.status(), changed.body().toString());
        assertEquals("ulmo", changed.body().at("/defaults/openedxRelease").asText());
        assertEquals("weekly", changed.body().at("/defaults/rebuildSchedule").asText(), "a merge patch keeps the rest");
        String id = instance.body().get("id").asText();
        assertEquals("teak", api.get("/api/v1/instances/{id}", id).body().get("openedxRelease").asText(), "until it launches");
        assertEquals("[\"rebuildSchedule\"]", instance.body().get("profileOverrides").toString(), "the fields it sets itself");
        assertEquals(412, api.call("PATCH", "/api/v1/profiles/{name}", "production", null, "{\"description\":\"x\"}",
                Map.of("If-Match", "\"v1\"", "Content-Type", "application/merge-patch+json")).status());

        // A launch takes the profile's current defaults for the fields the instance does not set itself.
        Response launched = api.call("POST", "/api/v1/instances/{id}/appservers", id, null, null, Map.of());
        assertEquals(202, launched.status(), launched.body().toString());
        Response relaunchedFrom = api.get("/api/v1/instances/{id}", id);
        assertEquals("ulmo", relaunchedFrom.body().get("openedxRelease").asText(), "the profile's release now");
        assertEquals("daily", relaunchedFrom.body().get("rebuildSchedule").asText(), "its own field kept");
        assertEquals("ulmo", api.get("/api/v1/appservers/{id}", launched.body().get("id").asText()).body().at("/settings/openedxRelease").asText(),
                "the app server runs what the instance now says: " + launched.body());

        // A field set on the instance is its own from then on; set to null, it follows the profile again.
        String etag = relaunchedFrom.header("ETag");
        Response own = api.call("PATCH", "/api/v1/instances/{id}", id, null, "{\"extraSettings\":\"LANGUAGE_CODE: de\\n\"}",
                Map.of("If-Match", etag, "Content-Type", "application/merge-patch+json"));
        assertEquals(200, own.status(), own.body().toString());
        assertEquals("[\"extraSettings\",\"rebuildSchedule\"]", own.body().get("profileOverrides").toString());
        assertEquals(200, api.call("PATCH", "/api/v1/profiles/{name}", "production", null,
                "{\"defaults\":{\"extraSettings\":\"LANGUAGE_CODE: es\\n\",\"rebuildSchedule\":\"off\"}}",
                Map.of("If-Match", "*", "Content-Type", "application/merge-patch+json")).status());
        api.call("POST", "/api/v1/instances/{id}/appservers", id, null, null, Map.of());
        Response kept = api.get("/api/v1/instances/{id}", id);
        assertEquals("LANGUAGE_CODE: de\n", kept.body().get("extraSettings").asText());
        assertEquals("daily", kept.body().get("rebuildSchedule").asText());
        Response follow = api.call("PATCH", "/api/v1/instances/{id}", id, null, "{\"rebuildSchedule\":null}",
                Map.of("If-Match", kept.header("ETag"), "Content-Type", "application/merge-patch+json"));
        assertEquals(200, follow.status(), follow.body().toString());
        assertEquals("[\"extraSettings\"]", follow.body().get("profileOverrides").toString());
        assertEquals("off", follow.body().get("rebuildSchedule").asText(), "the profile's again");
        Response release = api.call("PATCH", "/api/v1/instances/{id}", id, null, "{\"openedxRelease\":null}",
                Map.of("If-Match", "*", "Content-Type", "application/merge-patch+json"));
        assertEquals("ulmo", release.body().get("openedxRelease").asText(), "a required field set to null takes the profile's: " + release.body());
    }

    @Test
    void defaultsAreCheckedAsInstanceSettingsAndOnlyAdminsWrite() {
        Response wrong = profile("{\"name\":\"bad\",\"defaults\":{\"rebuildSchedule\":\"hourly\",\"openedxRelease\":\"olive\"}}");
        assertEquals(422, wrong.status(), wrong.body().toString());
        assertTrue(wrong.body().at("/details/fields").has("defaults.rebuildSchedule"), wrong.body().toString());
        assertTrue(wrong.body().at("/details/fields").has("defaults.openedxRelease"), wrong.body().toString());
        Response identity = profile("{\"name\":\"who\",\"defaults\":{\"subDomain\":\"everyone\",\"name\":\"Same\"}}");
        assertEquals(422, identity.status());
        assertTrue(identity.body().at("/details/fields/defaults.subDomain").asText().contains("not a setting a profile may hold"));
        assertEquals(422, profile("{\"name\":\"Not A Name\",\"defaults\":{}}").status());
        assertEquals(201, profile("{\"name\":\"sandbox\",\"defaults\":{\"ephemeralDatabases\":true}}").status());
        assertEquals(409, profile("{\"name\":\"sandbox\",\"defaults\":{}}").status(), "a name is taken once");
        assertEquals(200, api.get("/api/v1/profiles", null).status());
        assertEquals(1, api.get("/api/v1/profiles", null).body().get("items").size());
        assertEquals(404, api.get("/api/v1/profiles/{name}", "nope").status());
        assertEquals(204, api.call("DELETE", "/api/v1/profiles/{name}", "sandbox", null, null, Map.of("If-Match", "*")).status());
        assertEquals(404, api.get("/api/v1/profiles/{name}", "sandbox").status());
    }
}
