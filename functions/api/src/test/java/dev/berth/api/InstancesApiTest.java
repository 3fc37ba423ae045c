package dev.berth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.LambdaClient.Response;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InstancesApiTest {
    private LambdaClient api;
    private final dev.berth.core.testing.RecordingWorkflows workflows = new dev.berth.core.testing.RecordingWorkflows();

    @BeforeEach
    void setUp() {
        api = new LambdaClient(TestApi.inMemory(workflows));
    }

    private int activeCount() {
        return api.get("/api/v1/instances", null, "limit=500").body().get("items").size();
    }

    private void assertError(Response r, int status, String code) {
        assertEquals(status, r.status(), () -> r.body() == null ? "no body" : r.body().toString());
        assertEquals(code, r.body().get("error").asText());
        assertTrue(r.body().get("message").asText().length() > 5);
        assertEquals("application/json", r.header("Content-Type"));
    }

    @Test
    void computeSettingsAreCheckedAndTheirUserDataHiddenFromViewers() {
        Response unknown = api.post("/api/v1/instances", "{\"name\":\"Big\",\"subDomain\":\"big\",\"compute\":{\"cpus\":4}}");
        assertEquals(422, unknown.status());
        assertTrue(unknown.body().at("/details/fields").has("compute.cpus"), unknown.body().toString());
        Response bad = api.post("/api/v1/instances", "{\"name\":\"Big\",\"subDomain\":\"big\",\"compute\":{\"flavor\":\"m1 large; rm\","
                + "\"userData\":\"echo hi\"}}");
        assertEquals(422, bad.status(), bad.body().toString());
        assertTrue(bad.body().at("/details/fields").has("compute.flavor"), bad.body().toString());
        assertTrue(bad.body().at("/details/fields").has("compute.userData"), bad.body().toString());
        Response good = api.post("/api/v1/instances", "{\"name\":\"Big\",\"subDomain\":\"big\",\"compute\":{\"flavor\":\"m1.xlarge\","
                + "\"securityGroups\":[\"monitoring\"],\"userData\":\"#cloud-config\\npackages: [htop]\\n\"}}");
        assertEquals(201, good.status(), good.body().toString());
        assertEquals("m1.xlarge", good.body().at("/compute/flavor").asText());
        String id = good.body().get("id").asText();
        String viewer = api.post("/api/v1/tokens", "{\"name\":\"v\",\"role\":\"viewer\"}").body().get("token").asText();
        Response seen = api.as(viewer).get("/api/v1/instances/{id}", id);
        assertEquals("m1.xlarge", seen.body().at("/compute/flavor").asText());
        assertTrue(seen.body().at("/compute/userData").isMissingNode(), "user data may hold secrets: " + seen.body());
        Response patched = api.patch(id, good.header("ETag"), "{\"compute\":{\"image\":\"ubuntu-24.04\"}}");
        assertEquals(200, patched.status(), patched.body().toString());
        assertEquals("m1.xlarge", patched.body().at("/compute/flavor").asText(), "a merge patch keeps the rest");
        assertEquals("ubuntu-24.04", patched.body().at("/compute/image").asText());
        Response plain = api.createInstance("Plain", "plain");
        Response given = api.patch(plain.body().get("id").asText(), plain.header("ETag"), "{\"compute\":{\"flavor\":\"m1.xlarge\"}}");
        assertEquals("m1.xlarge", given.body().at("/compute/flavor").asText(), given.body().toString());
        assertEquals("m1.xlarge", api.get("/api/v1/instances/{id}", plain.body().get("id").asText()).body().at("/compute/flavor").asText());
    }

    @Test
    void healthNeedsNoToken() {
        Response r = api.as(null).get("/api/v1/health", null);
        assertEquals(200, r.status());
        assertEquals("ok", r.body().get("status").asText());
    }

    @Test
    void createAnswers201WithLocationEtagAndDerivedDomains() {
        Response r = api.post("/api/v1/instances", "{\"name\":\"Demo\",\"subDomain\":\"demo\",\"extraSettings\":\"LANGUAGE_CODE: fr\\n\"}");
        assertEquals(201, r.status(), r.body().toString());
        String id = r.body().get("id").asText();
        assertEquals("/api/v1/instances/" + id, r.header("Location"));
        assertEquals("\"v1\"", r.header("ETag"));
        assertEquals("demo.example.com", r.body().at("/domains/lms").asText());
        assertEquals("studio.demo.example.com", r.body().at("/domains/studio").asText());
        assertEquals("active", r.body().get("status").asText());
        Response read = api.get("/api/v1/instances/{id}", id);
        assertEquals(200, read.status());
        assertEquals("\"v1\"", read.header("ETag"));
        assertEquals("LANGUAGE_CODE: fr\n", read.body().get("extraSettings").asText());
        assertEquals(0, read.body().get("activeAppServers").size());
    }

    @Test
    void badInputGetsAClearErrorAndWritesNothing() {
        assertError(api.post("/api/v1/instances", "{\"name\": \"x\", "), 400, "invalid_json");
        assertError(api.post("/api/v1/instances", "[1,2]"), 400, "invalid_json");
        assertError(api.post("/api/v1/instances", "{\"name\":\"a\",\"name\":\"b\",\"subDomain\":\"x\"}"), 400, "invalid_json");
        Response wrongType = api.post("/api/v1/instances", "{\"name\": 42, \"subDomain\": \"demo\"}");
        assertError(wrongType, 422, "validation_failed");
        assertEquals("must be a string", wrongType.body().at("/details/fields/name").asText());
        Response unknown = api.post("/api/v1/instances", "{\"name\": \"x\", \"subDomain\": \"demo\", \"colour\": \"red\"}");
        assertError(unknown, 422, "validation_failed");
        assertTrue(unknown.body().at("/details/fields").has("colour"));
        Response readOnly = api.post("/api/v1/instances", "{\"name\": \"x\", \"subDomain\": \"demo\", \"status\": \"archived\"}");
        assertEquals("is read-only", readOnly.body().at("/details/fields/status").asText());
        Response badSub = api.createInstance("x", "Not_A_Label");
        assertError(badSub, 422, "validation_failed");
        assertTrue(badSub.body().at("/details/fields/subDomain").asText().contains("DNS label"));
        assertError(api.createInstance("x", "www"), 422, "validation_failed");
        Response yaml = api.post("/api/v1/instances", "{\"name\":\"x\",\"subDomain\":\"demo\",\"extraSettings\":\"a: [\"}");
        assertTrue(yaml.body().at("/details/fields/extraSettings").asText().contains("not valid YAML"));
        String big = "{\"name\":\"x\",\"subDomain\":\"demo\",\"extraSettings\":\"" + "a".repeat(300 * 1024) + "\"}";
        assertError(api.post("/api/v1/instances", big), 413, "payload_too_large");
        String bigYaml = "{\"name\":\"x\",\"subDomain\":\"demo\",\"extraSettings\":\"k: " + "a".repeat(100 * 1024) + "\"}";
        assertTrue(api.post("/api/v1/instances", bigYaml).body().at("/details/fields/extraSettings").asText().contains("at most"));
        Response textPlain = api.call("POST", "/api/v1/instances", null, null, "{}", Map.of("Content-Type", "text/plain"));
        assertError(textPlain, 415, "unsupported_media_type");
        assertError(api.get("/api/v1/instances", null, "limit=0"), 422, "validation_failed");
        assertError(api.get("/api/v1/instances", null, "status=deleted"), 422, "validation_failed");
        assertEquals(0, activeCount());
    }

    @Test
    void duplicateSubDomainIs409() {
        assertEquals(201, api.createInstance("One", "demo").status());
        Response again = api.createInstance("Two", "demo");
        assertError(again, 409, "duplicate_sub_domain");
        assertEquals(1, activeCount());
    }

    @Test
    void patchNeedsIfMatchAndRefusesStaleVersions() {
        String id = api.createInstance("Demo", "demo").body().get("id").asText();
        assertError(api.patch(id, null, "{\"name\":\"x\"}"), 428, "precondition_required");
        Response ok = api.patch(id, "\"v1\"", "{\"name\":\"Renamed\",\"ownerEmail\":\"a@b.org\"}");
        assertEquals(200, ok.status(), ok.body().toString());
        assertEquals("\"v2\"", ok.header("ETag"));
        assertEquals("Renamed", ok.body().get("name").asText());
        Response stale = api.patch(id, "\"v1\"", "{\"name\":\"Lost\"}");
        assertError(stale, 412, "precondition_failed");
        assertEquals("\"v2\"", stale.header("ETag"));
        assertError(api.patch(id, "W/\"v2\"", "{\"name\":\"Weak\"}"), 412, "precondition_failed");
        Response removeEmail = api.patch(id, "*", "{\"ownerEmail\":null}");
        assertEquals(200, removeEmail.status());
        assertFalse(removeEmail.body().has("ownerEmail"));
        Response invalid = api.patch(id, "\"v3\"", "{\"subDomain\":\"-bad\"}");
        assertError(invalid, 422, "validation_failed");
        Response nameRemoved = api.patch(id, "\"v3\"", "{\"name\":null}");
        assertEquals("is required", nameRemoved.body().at("/details/fields/name").asText());
        JsonNode now = api.get("/api/v1/instances/{id}", id).body();
        assertEquals(3, now.get("version").asInt());
        assertEquals("Renamed", now.get("name").asText());
        assertError(api.patch("in-missing", "\"v1\"", "{\"name\":\"x\"}"), 404, "not_found");
    }

    @Test
    void deleteArchivesWithIfMatchAndPurgeRemoves() {
        String id = api.createInstance("Demo", "demo").body().get("id").asText();
        assertError(api.call("DELETE", "/api/v1/instances/{id}", id, null, null, Map.of()), 428, "precondition_required");
        Response archived = api.call("DELETE", "/api/v1/instances/{id}", id, null, null, Map.of("If-Match", "\"v1\""));
        assertEquals(200, archived.status());
        assertEquals("archived", archived.body().get("status").asText());
        assertEquals(0, activeCount());
        assertEquals(1, api.get("/api/v1/instances", null, "status=archived").body().get("items").size());
        assertError(api.patch(id, "\"v2\"", "{\"name\":\"x\"}"), 409, "instance_archived");
        Response purging = api.call("DELETE", "/api/v1/instances/{id}", id, "purge=true", null, Map.of("If-Match", "\"v2\""));
        assertEquals(202, purging.status(), "the PurgeInstance state machine drops the data, then the record");
        assertEquals("archived", purging.body().get("status").asText());
        assertTrue(workflows.started.stream().anyMatch(s -> s.stateMachine().equals("PurgeInstance") && s.input().contains(id)),
                workflows.started.toString());
    }

    @Test
    void listsPageWithOpaqueCursorsAndSearch() {
        for (int i = 0; i < 5; i++) {
            api.createInstance("Site " + i, "site" + i);
        }
        api.createInstance("Other", "zeta");
        Response first = api.get("/api/v1/instances", null, "limit=2");
        assertEquals(2, first.body().get("items").size());
        String cursor = first.body().get("nextCursor").asText();
        Response second = api.get("/api/v1/instances", null, "limit=2&cursor=" + cursor);
        assertNotEquals(first.body().at("/items/0/id"), second.body().at("/items/0/id"));
        assertNotNull(second.body().at("/items/0/etag").asText());
        Response tampered = api.get("/api/v1/instances", null, "limit=2&cursor=x" + cursor);
        assertError(tampered, 400, "invalid_cursor");
        Response search = api.get("/api/v1/instances", null, "q=zeta");
        assertEquals(1, search.body().get("items").size());
        assertEquals("Other", search.body().at("/items/0/name").asText());
        assertTrue(search.body().get("nextCursor").isNull());
    }

    @Test
    void tokensRolesAndAudit() {
        Response noToken = api.as(null).get("/api/v1/instances", null);
        assertError(noToken, 401, "unauthorized");
        assertEquals("Bearer", noToken.header("WWW-Authenticate"));
        assertError(api.as("brt_000000000000_0000000000000000000000000000000000000000").get("/api/v1/instances", null), 401, "unauthorized");

        Response viewerToken = api.post("/api/v1/tokens", "{\"name\":\"readonly\",\"role\":\"viewer\"}");
        assertEquals(201, viewerToken.status(), viewerToken.body().toString());
        String viewerSecret = viewerToken.body().get("token").asText();
        LambdaClient viewer = api.as(viewerSecret);
        assertEquals(200, viewer.get("/api/v1/instances", null).status());
        assertError(viewer.createInstance("x", "demo"), 403, "forbidden");
        assertError(viewer.get("/api/v1/tokens", null), 403, "forbidden");
        assertError(api.post("/api/v1/tokens", "{\"name\":\"x\",\"role\":\"god\"}"), 422, "validation_failed");

        Response managerToken = api.post("/api/v1/tokens", "{\"name\":\"deployer\",\"role\":\"manager\"}");
        LambdaClient manager = api.as(managerToken.body().get("token").asText());
        String id = manager.createInstance("Demo", "demo").body().get("id").asText();
        manager.patch(id, "\"v1\"", "{\"name\":\"Demo 2\"}");
        assertError(manager.get("/api/v1/audit", null, "target=" + id), 403, "forbidden");

        JsonNode audit = api.get("/api/v1/audit", null, "target=" + id).body().get("items");
        assertEquals(2, audit.size());
        assertEquals("update", audit.get(0).get("action").asText());
        assertEquals(1, audit.get(0).get("oldVersion").asInt());
        assertEquals(2, audit.get(0).get("newVersion").asInt());
        assertTrue(audit.get(0).get("actor").asText().startsWith("deployer"));
        assertTrue(audit.get(0).get("summary").asText().contains("name"));
        assertEquals("create", audit.get(1).get("action").asText());
        assertError(api.get("/api/v1/audit", null), 422, "validation_failed");

        JsonNode tokens = api.get("/api/v1/tokens", null).body().get("items");
        assertEquals(3, tokens.size(), "the two created tokens and the bootstrap admin token");
        assertTrue(tokens.toString().contains("bootstrap admin"));
        assertFalse(tokens.toString().contains(viewerSecret), "secrets are shown once only");
        String viewerId = viewerToken.body().get("id").asText();
        assertError(api.call("DELETE", "/api/v1/tokens/{id}", viewerId, null, null, Map.of()), 428, "precondition_required");
        assertEquals(204, api.call("DELETE", "/api/v1/tokens/{id}", viewerId, null, null, Map.of("If-Match", "\"v1\"")).status());
        // The revoking function forgets the token at once; other warm functions within their 30 s cache.
        assertError(viewer.get("/api/v1/tokens", null), 401, "unauthorized");
        assertEquals("revoke", api.get("/api/v1/audit", null, "target=" + viewerId).body().at("/items/0/action").asText());
    }

    /** Regression (issue 18.3): viewers read VM addresses, SSH ports, settings and extra settings. */
    @Test
    void viewersSeeNeitherAddressesNorSettings() {
        String id = api.post("/api/v1/instances", "{\"name\":\"Demo\",\"subDomain\":\"demo\",\"extraSettings\":\"LANGUAGE_CODE: s3cret-zz\\n\"}")
                .body().get("id").asText();
        String appServerId = api.call("POST", "/api/v1/instances/{id}/appservers", id, null, null, Map.of()).body().get("id").asText();
        var core = api.root().core();
        core.appServers().update(appServerId, s -> s.withVm(new dev.berth.core.domain.AppServer.Vm("vm-1", "vm-1.example.com", "203.0.113.9",
                2222, "http://203.0.113.9:80", "SHA256:x")));
        String viewer = api.post("/api/v1/tokens", "{\"name\":\"v\",\"role\":\"viewer\"}").body().get("token").asText();
        LambdaClient asViewer = api.as(viewer);
        for (Response r : new Response[] {asViewer.get("/api/v1/appservers/{id}", appServerId),
                asViewer.get("/api/v1/instances/{id}/appservers", id), asViewer.get("/api/v1/instances/{id}", id),
                asViewer.get("/api/v1/instances", null)}) {
            assertEquals(200, r.status());
            String body = r.body().toString();
            for (String hidden : new String[] {"203.0.113.9", "2222", "s3cret", "LANGUAGE_CODE", "\"settings\"", "\"password\""}) {
                assertFalse(body.contains(hidden), hidden + " shown to a viewer: " + body);
            }
        }
        assertTrue(asViewer.get("/api/v1/appservers/{id}", appServerId).body().at("/preview/host").asText().startsWith(appServerId));
        Response managerView = api.get("/api/v1/appservers/{id}", appServerId);
        assertEquals("203.0.113.9", managerView.body().at("/vm/ipv4").asText(), "managers still see what they operate");
        assertTrue(managerView.body().at("/settings/extraSettings").asText().contains("LANGUAGE_CODE"));
    }

    /** Issue 12: the instance speaks Tutor; a client of the Ansible era is told what replaced its fields. */
    @Test
    void theInstanceModelSpeaksTutorAndNamesWhatReplacedTheAnsibleFields() {
        Response old = api.post("/api/v1/instances", "{\"name\":\"Old\",\"subDomain\":\"old\",\"configurationRepo\":\"https://x/y\","
                + "\"configurationVersion\":\"master\",\"edxPlatformCommit\":\"master\"}");
        assertEquals(422, old.status());
        assertTrue(old.body().at("/details/fields/configurationRepo").asText().contains("Tutor"));
        assertTrue(old.body().at("/details/fields/edxPlatformCommit").asText().contains("edxPlatformRef"));
        Response created = api.post("/api/v1/instances", "{\"name\":\"New\",\"subDomain\":\"new\",\"openedxRelease\":\"teak\","
                + "\"plugins\":[\"mfe\",{\"name\":\"discovery\",\"version\":\"20.0.1\"}],\"edxPlatformRef\":\"0123456789abcdef0123456789abcdef01234567\","
                + "\"theme\":{\"name\":\"campus\",\"repository\":\"https://github.com/example/campus-theme.git\",\"ref\":\"main\"}}");
        assertEquals(201, created.status(), created.body().toString());
        JsonNode body = created.body();
        assertEquals("20.0.6", body.at("/tutor/version").asText(), "the release's pinned Tutor");
        assertEquals("discovery", body.at("/plugins/1/name").asText());
        assertEquals("20.0.1", body.at("/plugins/1/version").asText());
        assertEquals("apps.new.example.com", body.at("/domains/mfe").asText());
        assertEquals("discovery.new.example.com", body.at("/domains/discovery").asText());
        assertEquals("preview.new.example.com", body.at("/domains/preview").asText(), "Teak still has its preview site");
        assertFalse(body.at("/domains").has("ecommerce"), "ecommerce is off unless its plugin is enabled");
        assertEquals("campus", body.at("/theme/name").asText());
        Response patched = api.patch(body.get("id").asText(), "\"v1\"", "{\"plugins\":[\"mfe\"],\"openedxRelease\":\"ulmo\"}");
        assertEquals(200, patched.status(), patched.body().toString());
        assertFalse(patched.body().at("/domains").has("discovery"));
        assertFalse(patched.body().at("/domains").has("preview"), "Ulmo has no preview site");
        Response reserved = api.patch(body.get("id").asText(), "\"v2\"", "{\"extraSettings\":\"LMS_HOST: evil.example.com\\n\"}");
        assertEquals(422, reserved.status());
        assertTrue(reserved.body().at("/details/fields/extraSettings").asText().startsWith("LMS_HOST "));
    }
}
