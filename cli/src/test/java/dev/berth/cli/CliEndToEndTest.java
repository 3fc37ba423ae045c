package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.local.LocalOptions;
import dev.berth.local.LocalSystem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a real local system (the same handlers, table and state machines as
 * {@code ./berth local}), started in this JVM with a known admin token. The CLI runs in-process
 * through its picocli entry point with its own environment and captured output.
 */
class CliEndToEndTest {
    static final String TOKEN = "cli-e2e-admin-token-0123456789";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static LocalSystem system;
    static String api;
    @TempDir
    static Path home;
    static CliRunner berth;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("berth.root", "..")).toAbsolutePath().normalize();
        LocalOptions options = new LocalOptions(root.resolve("template.yaml"), 0, null, Map.of(
                "BERTH_ADMIN_TOKEN", TOKEN,
                "BERTH_LAUNCH_POLL_SECONDS", "1",
                "BERTH_LOCAL_WAIT_SCALE", "0.5",
                "BERTH_BOOT_TIMEOUT_SECONDS", "4",
                "BERTH_LOCAL_DATA_SERVERS", "mongodb,mysql",
                "BERTH_DRUPAL_WARM_POOL", "0",
                "BERTH_DATA_NEEDS", "mongodb:modulestore,storage",
                "BERTH_BOOTSTRAP_SECRET", "cli-e2e-bootstrap-secret-0123456789"), 0);
        system = LocalSystem.create(options);
        system.runtime().start();
        api = system.runtime().apiUrl().toString().replaceAll("/api/v1/?$", "");
        berth = new CliRunner(Map.of("BERTH_API_URL", api, "BERTH_TOKEN", TOKEN,
                "BERTH_CONFIG", home.resolve("no-config").toString(), "HOME", home.toString()));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.runtime().stop();
        }
    }

    static JsonNode json(CliRunner.Result result) throws Exception {
        assertEquals(0, result.code(), result.toString());
        return Json.MAPPER.readTree(result.out());
    }

    static CliRunner.Result ok(CliRunner.Result result) {
        assertEquals(0, result.code(), result.toString());
        return result;
    }

    static CliRunner.Result fails(int code, CliRunner.Result result) {
        assertEquals(code, result.code(), result.toString());
        assertFalse(result.err().contains("Exception") || result.err().contains("\tat "), "no stack trace: " + result.err());
        return result;
    }

    static String createInstance(String subDomain, String extraSettings) {
        List<String> args = new java.util.ArrayList<>(List.of("instances", "create", "--name", "Site " + subDomain, "--sub-domain", subDomain, "-q"));
        if (extraSettings != null) {
            args.add("--set");
            args.add("extraSettings=" + extraSettings);
        }
        return ok(berth.run(args.toArray(String[]::new))).out().trim();
    }

    /** Calls the API directly, not through the CLI (to change things behind its back). */
    static JsonNode direct(String method, String path, String body, String ifMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300, response.statusCode() + " " + response.body());
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void instancesListAsTableJsonAndIds() throws Exception {
        String id = createInstance("listed", null);

        CliRunner.Result table = ok(berth.run("instances", "list"));
        String[] lines = table.out().split("\n");
        assertTrue(lines[0].matches("id +name +domain +status +active +updated"), lines[0]);
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith(id) && l.contains("Site listed") && l.contains("listed.localhost")), table.out());
        int column = lines[0].indexOf("domain");
        assertTrue(table.out().lines().skip(1).allMatch(l -> l.substring(column).startsWith(l.substring(column).split(" ")[0])
                && !Character.isWhitespace(l.charAt(column))), "aligned:\n" + table.out());

        JsonNode page = json(berth.run("instances", "list", "--json"));
        assertTrue(page.get("items").isArray());
        assertTrue(page.has("nextCursor"));
        assertTrue(page.get("items").findValuesAsText("id").contains(id));
        assertEquals(page, json(berth.run("instances", "list", "-o", "json")));
        assertTrue(ok(berth.run("instances", "list", "--json")).out().contains("\n  \"items\": ["), "pretty");

        CliRunner.Result ids = ok(berth.run("instances", "list", "-q"));
        assertTrue(ids.out().lines().anyMatch(id::equals), ids.toString());
        assertTrue(ids.out().lines().allMatch(l -> l.matches("[A-Za-z0-9_-]+")), ids.toString());

        JsonNode found = json(berth.run("instances", "list", "--search", "Site list", "--json"));
        assertEquals(List.of(id), found.get("items").findValuesAsText("id"));
    }

    @Test
    void pagesWithLimitCursorAndAll() throws Exception {
        for (int i = 0; i < 3; i++) {
            createInstance("paged" + i, null);
        }
        CliRunner.Result first = ok(berth.run("instances", "list", "--limit", "2"));
        assertEquals(3, first.out().lines().count(), first.toString());
        Matcher more = Pattern.compile("--cursor (\\S+)").matcher(first.err());
        assertTrue(more.find(), first.err());
        CliRunner.Result second = ok(berth.run("instances", "list", "--limit", "2", "--cursor", more.group(1), "-q"));
        assertEquals(2, second.out().lines().count(), second.toString());
        JsonNode all = json(berth.run("instances", "list", "--limit", "2", "--all", "--json"));
        assertTrue(all.get("items").size() >= 3);
        assertTrue(all.get("nextCursor").isNull());
    }

    @Test
    void showSetArchiveAndPurge() throws Exception {
        String id = createInstance("shown", null);
        CliRunner.Result shown = ok(berth.run("instances", "show", id));
        assertTrue(shown.out().lines().anyMatch(l -> l.matches("name +Site shown")), shown.out());
        assertTrue(shown.out().lines().anyMatch(l -> l.matches("domains\\.lms +shown\\.localhost")), shown.out());
        assertEquals(id, json(berth.run("instances", "show", id, "--json")).get("id").asText());
        assertEquals(id, ok(berth.run("instances", "show", id, "-q")).out().trim());

        CliRunner.Result set = ok(berth.run("instances", "set", id, "name=Shown University", "--set", "ownerEmail=ops@example.com"));
        assertTrue(set.out().lines().skip(1).anyMatch(l -> l.startsWith(id) && l.contains("Shown University")), set.toString());
        JsonNode after = json(berth.run("instances", "show", id, "-o", "json"));
        assertEquals("Shown University", after.get("name").asText());
        assertEquals("ops@example.com", after.get("ownerEmail").asText());
        assertEquals(2, after.get("version").asInt());

        Path patch = home.resolve("patch.json");
        Files.writeString(patch, "{\"allowMultipleActive\": true, \"domainPrefixes\": {\"studio\": \"cms\"}}");
        JsonNode patched = json(berth.run("instances", "set", id, "--json", patch.toString(), "-o", "json"));
        assertTrue(patched.get("allowMultipleActive").asBoolean());
        assertEquals("cms.shown.localhost", patched.get("domains").get("studio").asText());
        JsonNode typed = json(berth.run("instances", "set", id, "ephemeralDatabases:=true", "ownerEmail:=null", "-o", "json"));
        assertTrue(typed.get("ephemeralDatabases").asBoolean());
        assertFalse(typed.has("ownerEmail"));

        CliRunner.Result archived = ok(berth.run("instances", "archive", id));
        assertTrue(archived.out().contains("archived"), archived.toString());
        assertTrue(ok(berth.run("instances", "list", "--status", "archived", "-q")).out().lines().anyMatch(id::equals));
        assertFalse(ok(berth.run("instances", "list", "-q")).out().lines().anyMatch(id::equals));

        String purged = createInstance("purged", null);
        assertEquals("instance " + purged + " archived; the purge drops its databases and backups, then its record",
                ok(berth.run("instances", "archive", purged, "--purge")).out().trim());
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (berth.run("instances", "show", purged).code() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        fails(3, berth.run("instances", "show", purged));
    }

    @Test
    void createTakesAJsonFileWithSetAndNamedOptionsOverIt() throws Exception {
        Path body = home.resolve("create.json");
        Files.writeString(body, "{\"name\": \"From a file\", \"subDomain\": \"fromfile\", \"extraSettings\": \"LANGUAGE_CODE: fr\\n\"}");
        JsonNode created = json(berth.run("instances", "create", "--json", body.toString(), "--set", "ownerEmail=x@example.com",
                "--name", "Named", "-o", "json"));
        assertEquals("Named", created.get("name").asText());
        assertEquals("fromfile", created.get("subDomain").asText());
        assertEquals("LANGUAGE_CODE: fr\n", created.get("extraSettings").asText());
        assertEquals("x@example.com", created.get("ownerEmail").asText());

        JsonNode fromStdin = json(berth.stdin("{\"name\": \"Piped\", \"subDomain\": \"piped\"}").run("instances", "create", "-f", "-", "-o", "json"));
        assertEquals("piped.localhost", fromStdin.get("domains").get("lms").asText());
    }

    @Test
    void invalidFieldsAreListedOneALine() {
        CliRunner.Result result = fails(1, berth.run("instances", "create", "--name", "No domain", "--set", "colour=blue"));
        assertTrue(result.err().startsWith("berth: "), result.err());
        assertTrue(result.err().lines().anyMatch(l -> l.startsWith("  colour: ")), result.err());
        assertEquals("", result.out());

        CliRunner.Result missing = fails(1, berth.run("instances", "create", "--name", "No domain"));
        assertTrue(missing.err().lines().anyMatch(l -> l.startsWith("  subDomain: ")), missing.err());

        ok(berth.run("instances", "create", "--name", "Twice", "--sub-domain", "twice"));
        CliRunner.Result duplicate = fails(4, berth.run("instances", "create", "--name", "Twice", "--sub-domain", "twice"));
        assertTrue(duplicate.err().startsWith("berth: "), duplicate.err());
    }

    @Test
    void aChangeBehindTheClisBackBetweenItsReadAndWriteIsA412WithTheDiff() throws Exception {
        String id = createInstance("racing", null);
        AtomicBoolean changed = new AtomicBoolean();
        AtomicInteger changes = new AtomicInteger();
        // Between the CLI's GET (ETag v1) and its PATCH, someone else changes the instance.
        CliRunner racing = berth.beforeSend(request -> {
            if (request.method().equals("PATCH") && changed.compareAndSet(false, true)) {
                try {
                    direct("PATCH", "/api/v1/instances/" + id, "{\"name\": \"Changed behind your back #" + changes.incrementAndGet()
                            + "\", \"ownerEmail\": \"b@example.com\"}", "*");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });

        CliRunner.Result conflict = fails(4, racing.run("instances", "set", id, "name=Mine"));
        assertTrue(conflict.err().contains("changed since it was read"), conflict.err());
        assertTrue(conflict.err().contains("nothing was written"), conflict.err());
        assertTrue(conflict.err().lines().anyMatch(l -> l.equals("  name: \"Site racing\" → \"Changed behind your back #1\"")), conflict.err());
        assertTrue(conflict.err().lines().anyMatch(l -> l.equals("  ownerEmail: (absent) → \"b@example.com\"")), conflict.err());
        assertTrue(conflict.err().lines().anyMatch(l -> l.equals("  version: 1 → 2")), conflict.err());
        assertTrue(conflict.err().contains("--force"), conflict.err());
        assertEquals("", conflict.out());
        assertEquals("Changed behind your back #1", json(berth.run("instances", "show", id, "--json")).get("name").asText());

        changed.set(false);
        JsonNode forced = json(racing.run("instances", "set", id, "name=Mine", "--force", "-o", "json"));
        assertEquals("Mine", forced.get("name").asText());
        assertEquals("b@example.com", forced.get("ownerEmail").asText(), "a merge patch: the other change stays");
        assertEquals(2, changes.get(), "changed again between the read and the write");
        assertEquals(4, forced.get("version").asInt(), "v2 from the first change, v3 from the second, v4 the CLI's");
    }

    @Test
    void unknownIdsExit3() {
        assertTrue(fails(3, berth.run("instances", "show", "in-nope")).err().startsWith("berth: "));
        fails(3, berth.run("instances", "set", "in-nope", "name=x"));
        fails(3, berth.run("instances", "archive", "in-nope"));
        fails(3, berth.run("appservers", "show", "as-nope"));
        fails(3, berth.run("appservers", "list", "in-nope"));
        fails(3, berth.run("appservers", "activate", "as-nope"));
        fails(3, berth.run("tokens", "revoke", "tk-nope"));
        fails(3, berth.run("repos", "show", "wr-nope"));
        fails(3, berth.run("jobs", "run", "no-such-job"));
    }

    @Test
    void aBadTokenExits5AndSoDoesAForbiddenWrite() throws Exception {
        CliRunner.Result bad = fails(5, berth.run("instances", "list", "--token", "not-a-token"));
        assertTrue(bad.err().contains("login"), bad.err());
        fails(5, berth.with("BERTH_TOKEN", "not-a-token").run("instances", "list"));
        fails(5, berth.with("BERTH_TOKEN", null).run("instances", "list"));

        String viewer = json(berth.run("tokens", "create", "--name", "read only", "--role", "viewer", "-o", "json")).get("token").asText();
        ok(berth.run("instances", "list", "--token", viewer));
        fails(5, berth.run("instances", "create", "--name", "Nope", "--sub-domain", "nope", "--token", viewer));
        fails(5, berth.run("tokens", "list", "--token", viewer));
    }

    @Test
    void tokensCreateListRevoke() throws Exception {
        CliRunner.Result created = ok(berth.run("tokens", "create", "--name", "ci", "--role", "manager"));
        assertTrue(created.out().lines().findFirst().orElseThrow().matches("id +name +role +createdBy +created"), created.out());
        Matcher secret = Pattern.compile("(?m)^token: (\\S+)$").matcher(created.out());
        assertTrue(secret.find(), created.out());
        assertTrue(created.err().contains("shown only now"), created.err());
        String id = created.out().lines().skip(1).findFirst().orElseThrow().split(" ")[0];
        ok(berth.run("instances", "list", "--token", secret.group(1)));

        CliRunner.Result list = ok(berth.run("tokens", "list"));
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith(id) && l.contains("ci") && l.contains("manager")), list.out());
        assertFalse(list.out().contains(secret.group(1)), "the secret is shown once");
        assertTrue(json(berth.run("tokens", "list", "--json")).get("items").findValuesAsText("id").contains(id));

        assertEquals("token " + id + " revoked", ok(berth.run("tokens", "revoke", id)).out().trim());
        assertFalse(ok(berth.run("tokens", "list", "-q")).out().lines().anyMatch(id::equals));
        fails(3, berth.run("tokens", "revoke", id));
        fails(2, berth.run("tokens", "create", "--name", "no role"));
    }

    @Test
    void auditShowsWhoDidWhat() throws Exception {
        String id = createInstance("audited", null);
        ok(berth.run("instances", "set", id, "name=Audited"));
        CliRunner.Result audit = ok(berth.run("audit", id));
        List<String> lines = audit.out().lines().toList();
        assertTrue(lines.get(0).matches("at +action +actor +old +new +summary"), audit.out());
        assertTrue(lines.size() >= 3, audit.out());
        JsonNode entries = json(berth.run("audit", id, "--json")).get("items");
        assertEquals(id, entries.get(0).get("target").asText());
        assertEquals(2, entries.get(0).get("newVersion").asInt(), "newest first");
        fails(2, berth.run("audit"));
    }

    @Test
    void jobsRunNow() throws Exception {
        CliRunner.Result ran = ok(berth.run("jobs", "run", "cleanup-appservers"));
        assertTrue(ran.out().lines().anyMatch(l -> l.matches("job +cleanup-appservers")), ran.out());
        assertTrue(ran.out().lines().anyMatch(l -> l.matches("examined +\\d+")), ran.out());
        assertEquals("stuck-appservers", json(berth.run("jobs", "run", "stuck-appservers", "--json")).get("job").asText());
    }

    @Test
    void incidentsListAndShow() throws Exception {
        ok(berth.run("jobs", "run", "monitor-instances"));
        CliRunner.Result listed = ok(berth.run("incidents", "list", "--status", "closed"));
        assertTrue(listed.out().lines().findFirst().orElse("").matches("id +instance +status +reason +opened +closed"), listed.out());
        assertTrue(json(berth.run("incidents", "list", "--status", "open", "--instance", "in-none", "--json")).get("items").isEmpty());
        fails(2, berth.run("incidents", "list", "--status", "sometimes"));
        fails(3, berth.run("incidents", "show", "inc-01jnothere0000000000000000"));
    }

    @Test
    void aCampaignRunsToItsEndAndAnEndedOneCannotBeCancelled() throws Exception {
        String id = createInstance("campaigned", "berth_test_deploy_seconds: 1\n");
        CliRunner.Result ran = ok(berth.run("campaigns", "create", "--instance", id, "--batch-size", "1", "--no-activate", "--wait"));
        assertTrue(ran.out().lines().findFirst().orElse("").matches("id +state +batch +done +failed +skipped +created"), ran.out());
        assertTrue(ran.out().lines().skip(1).findFirst().orElse("").matches("cmp-\\S+ +succeeded +1 +1 +0 +0 +.*"), ran.out());
        String campaign = ran.out().lines().skip(1).findFirst().orElseThrow().split(" ")[0];
        JsonNode shown = json(berth.run("campaigns", "show", campaign, "-o", "json"));
        assertEquals("launched, not activated", shown.at("/items/0/reason").asText(), shown.toString());
        assertTrue(ok(berth.run("campaigns", "list")).out().contains(campaign));
        fails(4, berth.run("campaigns", "cancel", campaign));
        fails(1, berth.run("campaigns", "create", "--batch-size", "2")); // no filter: the API's 422
    }

    @Test
    void profilesDefinedChangedUsedAndDeleted() throws Exception {
        CliRunner.Result created = ok(berth.run("profiles", "create", "--name", "cli-production", "--description", "persistent",
                "--set", "defaults.openedxRelease=teak", "--set", "defaults.rebuildSchedule=weekly"));
        assertTrue(created.out().lines().anyMatch(l -> l.startsWith("cli-production") && l.contains("persistent")), created.out());
        JsonNode changed = json(berth.run("profiles", "set", "cli-production", "defaults.rebuildSchedule=daily", "-o", "json"));
        assertEquals("daily", changed.at("/defaults/rebuildSchedule").asText());
        assertEquals("teak", changed.at("/defaults/openedxRelease").asText());
        JsonNode instance = json(berth.run("instances", "create", "--name", "From Profile", "--sub-domain", "from-profile", "--set",
                "profile=cli-production", "-o", "json"));
        assertEquals("teak", instance.get("openedxRelease").asText());
        assertEquals("daily", instance.get("rebuildSchedule").asText());
        fails(1, berth.run("profiles", "create", "--name", "cli-bad", "--set", "defaults.subDomain=x"));
        ok(berth.run("profiles", "delete", "cli-production"));
        fails(3, berth.run("profiles", "show", "cli-production"));
    }

    @Test
    void theActivityReportAsATableJsonAndCsv() throws Exception {
        String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
        String id = ok(berth.run("instances", "create", "--name", "Reported", "--sub-domain", "reported", "-q")).out().trim();
        ok(berth.run("appservers", "launch", id));
        CliRunner.Result table = ok(berth.run("reports", "activity", "--month", month));
        assertTrue(table.out().lines().findFirst().orElse("").matches("instance +name +sandbox +launched +activeHours +failures +sandboxHours"), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith(id) && l.contains("Reported")), table.out());
        assertEquals(month, json(berth.run("reports", "activity", "--month", month, "-o", "json")).get("month").asText());
        CliRunner.Result csv = ok(berth.run("reports", "activity", "--month", month, "--csv"));
        assertTrue(csv.out().startsWith("instance_id,name,sandbox,app_servers_launched,active_hours,failures,sandbox_hours\r\n"), csv.out());
        assertTrue(csv.out().contains(id + ",Reported,false,"), csv.out());
        fails(1, berth.run("reports", "activity", "--month", "2026-13")); // the API answers 422
    }

    @Test
    void watchedRepositoriesCreateListShowSetDelete() throws Exception {
        CliRunner.Result created = ok(berth.run("repos", "create", "--full-name", "octo/hello", "--base-domain", "localhost"));
        assertTrue(created.out().lines().findFirst().orElseThrow().matches("id +repository +baseDomain +enabled +maxSandboxes +keepDays"), created.out());
        String id = created.out().lines().skip(1).findFirst().orElseThrow().split(" ")[0];
        assertTrue(ok(berth.run("repos", "list")).out().lines().anyMatch(l -> l.startsWith(id) && l.contains("octo/hello")));
        assertTrue(ok(berth.run("repos", "show", id)).out().lines().anyMatch(l -> l.matches("fullName +octo/hello")));
        JsonNode changed = json(berth.run("repos", "set", id, "maxConcurrentSandboxes:=2", "labelGate=sandbox", "-o", "json"));
        assertEquals(2, changed.get("maxConcurrentSandboxes").asInt());
        assertEquals("sandbox", changed.get("labelGate").asText());
        assertEquals("secret OPENAI_API_KEY of " + id + " set",
                ok(berth.stdin("repo-s3cret-never-shown\n").run("repos", "secret-set", id, "OPENAI_API_KEY")).out().trim());
        assertEquals("OPENAI_API_KEY", ok(berth.run("repos", "secrets", id)).out().trim());
        fails(2, berth.run("repos", "secret-set", id, "OPENAI_API_KEY", "on-the-command-line"));
        assertEquals("watched repository " + id + " deleted", ok(berth.run("repos", "delete", id)).out().trim());
        fails(3, berth.run("repos", "show", id));
        fails(3, berth.run("repos", "secrets", id));
    }

    @Test
    void instanceSecretsAreWriteOnly() throws Exception {
        String instance = createInstance("secretive", "");
        Path file = home.resolve("smtp-password");
        Files.writeString(file, "smtp-s3cret-never-shown\n");
        ok(berth.run("instances", "secret-set", instance, "SMTP_PASSWORD", "--value-file", file.toString()));
        ok(berth.stdin("other\n").run("instances", "secret-set", instance, "OTHER_KEY"));
        assertEquals(List.of("OTHER_KEY", "SMTP_PASSWORD"), ok(berth.run("instances", "secrets", instance)).out().lines().toList());
        assertEquals("secret OTHER_KEY of " + instance + " deleted", ok(berth.run("instances", "secret-delete", instance, "OTHER_KEY")).out().trim());
        assertEquals("SMTP_PASSWORD", ok(berth.run("instances", "secrets", instance)).out().trim());
        fails(3, berth.run("instances", "secret-delete", instance, "OTHER_KEY"));
        fails(2, berth.run("instances", "secret-set", instance, "SMTP_PASSWORD=on-the-command-line"));
        assertFalse(ok(berth.run("instances", "show", instance, "--json")).out().contains("smtp-s3cret"));
    }

    @Test
    void logsFollowARealLaunchToRunningThenBlueGreenOperations() throws Exception {
        String instance = createInstance("launched", "berth_test_deploy_seconds: 1\n");
        CliRunner.Result launched = ok(berth.run("appservers", "launch", instance, "-q"));
        String server = launched.out().trim();
        assertTrue(server.matches("[A-Za-z0-9_-]+"), launched.toString());

        CliRunner.Result followed = ok(berth.run("appservers", "logs", server, "--follow"));
        List<String> lines = followed.out().lines().toList();
        assertEquals("berth: deployment finished", lines.get(lines.size() - 1), followed.out());
        assertTrue(lines.size() > 3, followed.out());
        assertEquals(lines.size(), lines.stream().distinct().count() + lines.stream().filter("ok: [localhost]"::equals).count()
                - Math.min(1, lines.stream().filter("ok: [localhost]"::equals).count()), "no line twice: " + followed.out());
        assertTrue(followed.err().contains("is running"), followed.err());

        assertEquals(followed.out(), ok(berth.run("appservers", "logs", server)).out(), "the same log without --follow");
        JsonNode log = json(berth.run("appservers", "logs", server, "--json"));
        assertEquals(lines.size(), log.get("items").size());
        assertEquals("running", log.get("status").asText());
        assertTrue(log.get("complete").asBoolean());

        CliRunner.Result list = ok(berth.run("appservers", "list", instance));
        assertTrue(list.out().lines().findFirst().orElseThrow().matches("id +instance +status +active +ipv4 +created +failureReason"), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith(server) && l.contains("running") && l.contains("false")), list.out());
        assertTrue(ok(berth.run("appservers", "show", server)).out().lines().anyMatch(l -> l.matches("status +running")));
        assertEquals("running", json(berth.run("appservers", "show", server, "--json")).get("status").asText());

        CliRunner.Result activated = ok(berth.run("appservers", "activate", server));
        assertTrue(activated.out().lines().anyMatch(l -> l.startsWith(server) && l.contains("true")), activated.out());
        assertTrue(json(berth.run("instances", "show", instance, "--json")).get("activeAppServerIds").toString().contains(server));
        assertTrue(fails(4, berth.run("appservers", "deactivate", server)).err().contains("last one serving"));
        assertTrue(fails(4, berth.run("appservers", "terminate", server)).err().contains("is active"));

        ok(berth.run("instances", "set", instance, "openedxRelease=teak"));
        CliRunner.Result refused = fails(4, berth.run("appservers", "launch", instance));
        assertTrue(refused.err().contains("teak"), refused.err());
        assertEquals(1, json(berth.run("appservers", "list", instance, "--json")).get("items").size(), "nothing launched");
        CliRunner.Result upgrade = ok(berth.run("appservers", "launch", instance, "--allow-release-change", "-o", "json"));
        assertEquals("teak", Json.MAPPER.readTree(upgrade.out()).at("/settings/openedxRelease").asText(), upgrade.out());
    }

    @Test
    void aFailedLaunchExits1WithWaitFollowAndLaunchFollow() throws Exception {
        String instance = createInstance("broken", "berth_test_deploy_seconds: 1\nberth_test_exit_code: 3\n");
        CliRunner.Result waited = fails(1, berth.run("appservers", "launch", instance, "--wait"));
        assertTrue(waited.out().contains("failed"), waited.toString());
        assertTrue(waited.err().contains("is failed: "), waited.err());
        String server = waited.out().lines().skip(1).findFirst().orElseThrow().split(" ")[0];
        CliRunner.Result followed = fails(1, berth.run("appservers", "logs", server, "--follow"));
        assertTrue(followed.out().contains("FAILED!"), followed.out());

        ok(berth.run("appservers", "deactivate", server));
        CliRunner.Result terminated = ok(berth.run("appservers", "terminate", server, "--wait", "-o", "json"));
        assertEquals("terminated", Json.MAPPER.readTree(terminated.out()).get("status").asText());

        String good = createInstance("followed", "berth_test_deploy_seconds: 1\n");
        CliRunner.Result launchFollow = ok(berth.run("appservers", "launch", good, "--follow"));
        assertTrue(launchFollow.err().startsWith("launched app server "), launchFollow.err());
        assertTrue(launchFollow.out().contains("berth: deployment finished"), launchFollow.out());
    }

    @Test
    void loginStoresA0600ProfileThatLaterCommandsUse() throws Exception {
        Path config = home.resolve("login").resolve("berth").resolve("config");
        CliRunner fresh = berth.with("BERTH_CONFIG", config.toString()).with("BERTH_TOKEN", null).with("BERTH_API_URL", null);

        CliRunner.Result refused = fails(5, fresh.stdin("wrong-token\n").run("login", "--api", api));
        assertTrue(refused.err().contains("nothing stored"), refused.err());
        assertFalse(Files.exists(config));

        ok(fresh.stdin(TOKEN + "\n").run("login", "--api", api));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        List<String> content = Files.readAllLines(config);
        assertTrue(content.contains("[profile default]"), content.toString());
        assertTrue(content.contains("api = " + api), content.toString());
        assertTrue(content.contains("token = " + TOKEN), content.toString());
        ok(fresh.run("instances", "list"));

        ok(fresh.run("login", "--profile", "ops", "--api", api, "--token", TOKEN));
        content = Files.readAllLines(config);
        assertTrue(content.contains("[profile default]") && content.contains("[profile ops]"), content.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        ok(fresh.with("BERTH_PROFILE", "ops").run("instances", "list"));
        fails(5, fresh.run("login", "--profile", "ops", "--api", api, "--token", "wrong"));
        assertTrue(Files.readAllLines(config).contains("token = " + TOKEN), "a refused login changes nothing");
        assertTrue(fails(2, fresh.run("instances", "list", "--profile", "nobody")).err().contains("no profile 'nobody'"));
    }

    @Test
    void aConfigFileOthersMayReadIsRefused() throws Exception {
        Path config = home.resolve("open-config");
        Files.writeString(config, "[profile default]\napi = " + api + "\ntoken = " + TOKEN + "\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        CliRunner open = berth.with("BERTH_CONFIG", config.toString()).with("BERTH_TOKEN", null);
        CliRunner.Result refused = fails(2, open.run("instances", "list"));
        assertTrue(refused.err().contains("0644"), refused.err());
        assertTrue(refused.err().contains("chmod 600 " + config), refused.err());

        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        ok(open.with("BERTH_API_URL", null).run("instances", "list"));
    }

    @Test
    void helpListsTheExitCodesAndBadUsageExits2() {
        CliRunner.Result help = ok(berth.run("--help"));
        assertTrue(help.out().contains("Exit codes:"), help.out());
        for (String line : List.of("0   ok", "1   failure", "2   usage", "3   not found", "4   conflict", "5   authentication")) {
            assertTrue(help.out().contains(line), line + " in\n" + help.out());
        }
        for (String noun : List.of("instances", "appservers", "nodes", "services", "code", "sites", "routes", "commands", "statistics", "incidents",
                "campaigns", "profiles", "reports", "tokens", "audit", "jobs", "repos", "login", "admin-token", "completion")) {
            assertTrue(help.out().lines().anyMatch(l -> l.trim().startsWith(noun + " ")), noun);
        }
        assertTrue(ok(berth.run("appservers", "--help")).out().contains("launch"));
        fails(2, berth.run());
        fails(2, berth.run("instances"));
        fails(2, berth.run("instances", "frobnicate"));
        fails(2, berth.run("instances", "set", "in-1"));
        fails(2, berth.run("instances", "set", "in-1", "novalue"));
        fails(2, berth.run("instances", "list", "--limit", "many"));
        fails(2, berth.run("instances", "list", "-o", "yaml"));
        fails(2, berth.run("completion", "fish"));
        fails(1, berth.run("instances", "list", "--api", "http://127.0.0.1:1"));
    }

    @Test
    void completionScriptsForBashAndZsh() {
        CliRunner.Result bash = ok(berth.run("completion", "bash"));
        assertTrue(bash.out().contains("complete -F"), bash.out().substring(0, 200));
        assertTrue(bash.out().contains("instances") && bash.out().contains("appservers") && bash.out().contains("--follow"));
        CliRunner.Result zsh = ok(berth.run("completion", "zsh"));
        assertTrue(zsh.out().contains("bashcompinit"));
    }

    @Test
    void dataServersTakeTheirPasswordFromAFileAndNeverShowIt() throws Exception {
        Path secret = home.resolve("db-password");
        Files.writeString(secret, "cli-secret-admin-password\n");
        CliRunner.Result created = ok(berth.run("data-servers", "create", "--name", "cli-db", "--kind", "mysql", "--host", "db.example.internal",
                "--admin-user", "admin", "--admin-password-file", secret.toString(), "--set", "capacity:=20"));
        assertFalse(created.out().contains("cli-secret-admin-password"), created.out());
        String id = created.out().lines().skip(1).findFirst().orElseThrow().split(" +")[0];
        JsonNode listed = json(berth.run("data-servers", "list", "--kind", "mysql", "-o", "json"));
        assertTrue(listed.get("items").findValuesAsText("name").contains("cli-db"), listed.toString());
        assertFalse(listed.toString().contains("cli-secret-admin-password"));
        fails(2, berth.run("data-servers", "set", id, "adminPassword=on-the-command-line"));
        assertEquals(30, json(berth.run("data-servers", "set", id, "capacity:=30", "-o", "json")).get("capacity").asInt());
        assertTrue(ok(berth.run("data-servers", "show", id)).out().lines().anyMatch(l -> l.matches("capacity +30")));
        ok(berth.run("data-servers", "delete", id));
        fails(3, berth.run("data-servers", "show", id));
    }

    @Test
    void aLaunchedInstanceIsBackedUpAndRestoredFromTheCommandLine() throws Exception {
        String id = createInstance("backedup", null);
        ok(berth.run("appservers", "launch", id, "--wait", "--timeout", "60"));
        assertTrue(ok(berth.run("instances", "data", id)).out().lines().anyMatch(l -> l.matches("state +ready")));
        CliRunner.Result backup = ok(berth.run("backups", "create", id, "--wait", "--timeout", "60"));
        String backupId = backup.out().lines().skip(1).findFirst().orElseThrow().split(" +")[0];
        assertTrue(backup.out().contains("complete"), backup.out());
        assertTrue(ok(berth.run("backups", "list", id)).out().contains(backupId));
        ok(berth.run("backups", "restore", id, backupId, "--wait", "--timeout", "60"));
        assertEquals("complete", json(berth.run("backups", "show", id, backupId, "-o", "json")).at("/lastRestore/state").asText());
        ok(berth.run("instances", "rotate-credentials", id));
        assertEquals(true, json(berth.run("instances", "data", id, "-o", "json")).get("rotating").asBoolean());
        ok(berth.run("backups", "delete", id, backupId));
        fails(3, berth.run("backups", "show", id, backupId));
    }

    /** A git repository with a Dockerfile and one commit; the commit's hash. */
    static String gitRepository(Path repo) throws Exception {
        Files.createDirectories(repo);
        Files.writeString(repo.resolve("Dockerfile"), "FROM python:3.12-slim\nCOPY . /app\n");
        for (List<String> command : List.of(List.of("git", "init", "-q"), List.of("git", "add", "."),
                List.of("git", "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "quotas"))) {
            Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
            assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        }
        Process head = new ProcessBuilder("git", "rev-parse", "HEAD").directory(repo.toFile()).start();
        return new String(head.getInputStream().readAllBytes()).trim();
    }

    /** A docker node created through the CLI and waited for; its id. */
    static String dockerNode(String name) {
        CliRunner.Result created = ok(berth.run("nodes", "create", "--name", name, "--role", "docker", "--size", "small", "--wait", "--timeout", "60"));
        assertTrue(created.out().contains("ready"), created.toString());
        return created.out().lines().skip(1).findFirst().orElseThrow().split(" +")[0];
    }

    @Test
    void nodesCreateWaitListByRoleAndShow() throws Exception {
        String one = dockerNode("cli-docker-1");
        String two = dockerNode("cli-docker-2");
        CliRunner.Result listed = ok(berth.run("nodes", "list", "--role", "docker"));
        assertTrue(listed.out().lines().findFirst().orElseThrow().matches("id +name +role +size +status +address.*"), listed.out());
        for (String id : List.of(one, two)) {
            assertTrue(listed.out().lines().anyMatch(l -> l.startsWith(id) && l.contains("docker") && l.contains("ready")), listed.out());
        }
        assertTrue(ok(berth.run("nodes", "list", "--role", "docker", "-q")).out().lines().toList().containsAll(List.of(one, two)));
        assertFalse(ok(berth.run("nodes", "list", "--role", "web", "-q")).out().contains(one));
        CliRunner.Result shown = ok(berth.run("nodes", "show", one));
        assertTrue(shown.out().lines().anyMatch(l -> l.matches("name +cli-docker-1")), shown.out());
        assertTrue(shown.out().lines().anyMatch(l -> l.matches("status +ready")), shown.out());
        assertTrue(shown.out().lines().anyMatch(l -> l.matches("address +\\S+")), shown.out());
        assertEquals("small", json(berth.run("nodes", "show", two, "--json")).get("size").asText());
        fails(2, berth.run("nodes", "create", "--name", "x", "--role", "mainframe", "--size", "small"));
        fails(3, berth.run("nodes", "show", "nd-nope"));
    }

    @Test
    void servicesTwoColoursSecretsPromoteLogsAndANodeInUse() throws Exception {
        String one = dockerNode("cli-svc-1");
        String two = dockerNode("cli-svc-2");
        int port = 30000 + new java.util.Random().nextInt(10000);
        CliRunner.Result created = ok(berth.run("services", "create", "--name", "cli-quotas", "--image", "registry.example.com/quotas:1.0",
                "--port", "8080:" + port, "--env", "FOO=a=b", "--env", "LOG_LEVEL=info", "--volume", "data:/var/lib/quotas",
                "--health-path", "/health", "--production-host", "cli-quotas.localhost", "--staging-host", "staging.cli-quotas.localhost"));
        assertTrue(created.out().lines().findFirst().orElseThrow().matches("name +image +production +blue +green"), created.out());
        JsonNode defined = json(berth.run("services", "show", "cli-quotas", "--json"));
        assertEquals("a=b", defined.at("/env/FOO").asText());
        assertEquals(port, defined.at("/ports/0/host").asInt());
        assertEquals(8080, defined.at("/ports/0/container").asInt());
        assertEquals("/var/lib/quotas", defined.at("/volumes/0/path").asText());
        fails(2, berth.run("services", "create", "--name", "bad", "--image", "x:1", "--port", "8080"));

        String secret = "postgres://quotas:cli-s3cr3t-never-shown@db.internal/quotas";
        Path secretFile = home.resolve("quotas-db-url");
        Files.writeString(secretFile, secret + "\n");
        assertEquals("secret DATABASE_URL of cli-quotas set",
                ok(berth.run("services", "secret-set", "cli-quotas", "DATABASE_URL", "--value-file", secretFile.toString())).out().trim());
        ok(berth.stdin("from-stdin\n").run("services", "secret-set", "cli-quotas", "API_KEY"));
        ok(berth.run("services", "secret-delete", "cli-quotas", "API_KEY"));
        fails(2, berth.run("services", "secret-set", "cli-quotas", "DATABASE_URL", "on-the-command-line"));
        fails(2, berth.run("services", "secret-set", "cli-quotas", "DATABASE_URL", "--value", "on-the-command-line"));
        fails(2, berth.run("services", "secret-set", "cli-quotas", "DATABASE_URL=on-the-command-line"));
        CliRunner.Result shown = ok(berth.run("services", "show", "cli-quotas"));
        assertTrue(shown.out().lines().anyMatch(l -> l.matches("secrets +DATABASE_URL")), shown.out());
        assertFalse(shown.out().contains("cli-s3cr3t") || shown.out().contains("from-stdin"), shown.out());
        assertFalse(ok(berth.run("services", "show", "cli-quotas", "--json")).out().contains("cli-s3cr3t"));

        CliRunner.Result blue = ok(berth.run("services", "launch", "cli-quotas", "blue", "--node", one, "--wait", "--timeout", "120"));
        assertTrue(blue.out().lines().anyMatch(l -> l.matches("cli-quotas +registry\\S+ +- +running +-")), blue.toString());
        CliRunner.Result shared = fails(4, berth.run("services", "launch", "cli-quotas", "--colour", "green", "--node", one));
        assertTrue(shared.err().contains("put green on another node"), shared.err());
        ok(berth.run("services", "launch", "cli-quotas", "--colour", "green", "--node", two, "--wait", "--timeout", "120"));
        CliRunner.Result listed = ok(berth.run("services", "list"));
        assertTrue(listed.out().lines().anyMatch(l -> l.matches("cli-quotas +\\S+ +- +running +running")), listed.out());

        CliRunner.Result promoted = ok(berth.run("services", "promote", "cli-quotas", "blue", "--wait", "--timeout", "2"));
        assertTrue(promoted.out().lines().anyMatch(l -> l.matches("cli-quotas +\\S+ +blue +running +running")), promoted.toString());
        assertEquals("blue", json(berth.run("services", "show", "cli-quotas", "--json")).at("/hostnames/cli-quotas.localhost").asText());

        CliRunner.Result logs = ok(berth.run("services", "logs", "cli-quotas", "blue"));
        assertTrue(logs.out().contains("docker run"), logs.out());
        assertFalse(logs.out().contains("cli-s3cr3t"), logs.out());
        assertTrue(json(berth.run("services", "logs", "cli-quotas", "--colour", "blue", "--json")).get("items").size() > 0);
        assertEquals(logs.out(), ok(berth.run("services", "logs", "cli-quotas", "blue", "--follow")).out(), "a settled colour: the same log");

        String before = json(berth.run("services", "show", "cli-quotas", "--json")).at("/colours/blue/container").asText();
        ok(berth.run("services", "redeploy", "cli-quotas", "blue", "--wait", "--timeout", "120"));
        JsonNode redeployed = json(berth.run("services", "show", "cli-quotas", "--json"));
        assertFalse(before.equals(redeployed.at("/colours/blue/container").asText()), redeployed.toString());
        assertEquals(port + 10_000, redeployed.at("/colours/blue/hostPort").asInt());

        String commit = gitRepository(home.resolve("quotas-repo"));
        String gitUrl = "file://" + home.resolve("quotas-repo");
        ok(berth.run("services", "build", "cli-quotas", "--colour", "green", "--git-url", gitUrl, "--commit", commit, "--wait", "--timeout", "60"));
        assertEquals(commit, json(berth.run("services", "show", "cli-quotas", "--json")).at("/colours/green/build/commit").asText());
        CliRunner.Result badBuild = fails(1, berth.run("services", "build", "cli-quotas", "green", "--git-url", gitUrl, "--commit", "deadbeef",
                "--wait", "--timeout", "60"));
        assertTrue(badBuild.err().contains("failed"), badBuild.err());

        assertEquals("debug", json(berth.run("services", "set", "cli-quotas", "env.LOG_LEVEL=debug", "-o", "json")).at("/env/LOG_LEVEL").asText());
        assertEquals("a=b", json(berth.run("services", "show", "cli-quotas", "--json")).at("/env/FOO").asText());
        fails(4, berth.run("services", "delete", "cli-quotas"));

        CliRunner.Result inProduction = fails(4, berth.run("services", "terminate", "cli-quotas", "blue"));
        assertTrue(inProduction.err().contains("promote the other colour first"), inProduction.err());
        CliRunner.Result terminated = ok(berth.run("services", "terminate", "cli-quotas", "green", "--wait", "--timeout", "60"));
        assertTrue(terminated.out().lines().anyMatch(l -> l.matches("cli-quotas +\\S+ +blue +running +terminated")), terminated.toString());

        CliRunner.Result inUse = fails(4, berth.run("nodes", "destroy", one));
        assertTrue(inUse.err().contains("cli-svc-1") && inUse.err().contains("force"), inUse.err());
        ok(berth.run("nodes", "destroy", two, "--wait", "--timeout", "60"));
        fails(3, berth.run("nodes", "show", two));
    }

    @Test
    void aPostgresqlServiceIsDumpedAndRestoredIntoItsOtherColour() throws Exception {
        String one = dockerNode("cli-db-1");
        String two = dockerNode("cli-db-2");
        int port = 30000 + new java.util.Random().nextInt(10000);
        ok(berth.run("services", "create", "--name", "cli-jobs-db", "--kind", "postgresql", "--image", "postgres:15", "--port", "5432:" + port,
                "--env", "POSTGRES_DB=jobs", "--volume", "data:/var/lib/postgresql/data", "--production-host", "cli-jobs-db.internal.localhost",
                "--staging-host", "staging.cli-jobs-db.internal.localhost"));
        Path secretFile = Files.writeString(Files.createTempFile("pg", ".txt"), "cli-db-password-never-shown\n");
        ok(berth.run("services", "secret-set", "cli-jobs-db", "POSTGRES_PASSWORD", "--value-file", secretFile.toString()));
        ok(berth.run("services", "launch", "cli-jobs-db", "blue", "--node", one, "--wait", "--timeout", "120"));
        fails(3, berth.run("services", "dump", "cli-no-such-db"));

        CliRunner.Result dumped = ok(berth.run("services", "dump", "cli-jobs-db", "--wait", "--timeout", "120"));
        assertTrue(dumped.out().lines().anyMatch(l -> l.matches("bk-\\S+ +complete +blue +.*")), dumped.toString());
        String backupId = dumped.out().lines().filter(l -> l.startsWith("bk-")).findFirst().orElseThrow().split(" +")[0];
        assertTrue(ok(berth.run("services", "dumps", "cli-jobs-db")).out().contains(backupId));
        fails(2, berth.run("services", "dump", "cli-jobs-db", "--colour", "red"));

        ok(berth.run("services", "launch", "cli-jobs-db", "green", "--node", two, "--wait", "--timeout", "120"));
        CliRunner.Result restored = ok(berth.run("services", "restore", "cli-jobs-db", backupId, "--colour", "green", "--wait", "--timeout", "120"));
        assertTrue(restored.out().lines().anyMatch(l -> l.matches(backupId + " +complete +blue +.* complete +green")), restored.toString());
        assertFalse(dumped.toString().contains("never-shown") || restored.toString().contains("never-shown"));
    }

    /** A local git repository with one commit; the commit's hash. */
    static String drupalRepository(Path repo) throws Exception {
        Files.createDirectories(repo);
        Files.writeString(repo.resolve("README.txt"), repo.getFileName() + "\n");
        for (List<String> command : List.of(List.of("git", "init", "-q"), List.of("git", "add", "."),
                List.of("git", "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "code"))) {
            Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
            assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        }
        Process head = new ProcessBuilder("git", "rev-parse", "HEAD").directory(repo.toFile()).start();
        return new String(head.getInputStream().readAllBytes()).trim();
    }

    static void eventually(java.util.concurrent.Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("never: " + what);
    }

    @Test
    void drupalCodeSitesRoutesCommandsAndTheirLifecycle() throws Exception {
        CliRunner.Result web = ok(berth.run("nodes", "create", "--name", "cli-web-1", "--role", "web", "--size", "small", "--wait", "--timeout", "60"));
        assertTrue(web.out().contains("ready"), web.toString());

        // Code from two local repositories, current, deployed to the web server.
        Path drupalRepo = home.resolve("drupal-core");
        Path standardRepo = home.resolve("drupal-standard");
        String coreCommit = drupalRepository(drupalRepo);
        String profileCommit = drupalRepository(standardRepo);
        CliRunner.Result core = ok(berth.run("code", "create", "--name", "drupal", "--version", "10.3.1", "--type", "core",
                "--git-url", "file://" + drupalRepo, "--commit", coreCommit, "--current", "--label", "Drupal 10", "--tag", "lts"));
        assertTrue(core.out().lines().findFirst().orElseThrow().matches("id +name +version +type +current +deploy +commit"), core.out());
        String coreId = core.out().lines().skip(1).findFirst().orElseThrow().split(" +")[0];
        assertTrue(core.out().lines().skip(1).findFirst().orElseThrow().matches(coreId + " +drupal +10\\.3\\.1 +core +true +\\S+ +" + coreCommit),
                core.out());
        String profileId = ok(berth.run("code", "create", "--name", "standard", "--version", "1.0", "--type", "profile",
                "--git-url", "file://" + standardRepo, "--commit", profileCommit, "--current", "-q")).out().trim();
        for (String id : List.of(coreId, profileId)) {
            eventually(() -> json(berth.run("code", "show", id, "--json")).get("deploy").asText().equals("deployed"), id + " deployed");
        }
        JsonNode shownCore = json(berth.run("code", "show", coreId, "--json"));
        assertEquals("10.3.1", shownCore.get("version").asText(), "the code's own version");
        assertEquals("Drupal 10", shownCore.get("label").asText());
        assertTrue(ok(berth.run("code", "list", "-q")).out().lines().toList().containsAll(List.of(coreId, profileId)));
        // set and make-current go through If-Match with the record's revision (the ETag), not the code's version.
        assertEquals("Drupal 10 LTS", json(berth.run("code", "set", coreId, "label=Drupal 10 LTS", "-o", "json")).get("label").asText());
        assertEquals("10.3.1", json(berth.run("code", "show", coreId, "--json")).get("version").asText());
        assertTrue(json(berth.run("code", "make-current", coreId, "--json")).get("current").asBoolean());
        fails(4, berth.run("code", "delete", coreId));

        // A site: created (provisioned into the warm pool), its statistics token shown once.
        CliRunner.Result site = ok(berth.run("sites", "create", "--path", "chem", "--env", "prod", "--site-name", "Chemistry", "--wait",
                "--timeout", "120"));
        assertTrue(site.out().lines().findFirst().orElseThrow().matches("id +path +status +environment +updateGroup"), site.out());
        String siteId = site.out().lines().skip(1).findFirst().orElseThrow().split(" +")[0];
        assertTrue(site.out().lines().skip(1).findFirst().orElseThrow().matches(siteId + " +chem +available +prod +0"), site.toString());
        assertTrue(site.err().contains("statistics token") && site.err().contains("shown once"), site.err());
        assertFalse(site.out().contains(siteId + "."), "the token is not on standard output: " + site.out());
        String statisticsToken = site.err().lines().filter(l -> l.trim().startsWith(siteId + ".")).findFirst().orElseThrow().trim();
        assertFalse(json(berth.run("sites", "show", siteId, "--json")).has("statisticsToken"), "shown once");
        CliRunner.Result shown = ok(berth.run("sites", "show", siteId));
        assertTrue(shown.out().lines().anyMatch(l -> l.matches("settings\\.siteName +Chemistry")), shown.out());

        // Claimed (installed), a primary route, launched.
        CliRunner.Result claimed = ok(berth.run("sites", "claim", "--env", "prod", "--wait", "--timeout", "120"));
        assertTrue(claimed.out().lines().skip(1).findFirst().orElseThrow().matches(siteId + " +chem +installed +prod +0"), claimed.toString());
        CliRunner.Result illegal = fails(1, berth.run("sites", "unlock", siteId));
        assertTrue(illegal.err().contains("cannot go from installed to launched") && illegal.err().contains("allowed: "), illegal.err());
        fails(1, berth.run("sites", "launch", siteId));
        CliRunner.Result route = ok(berth.run("routes", "create", "--type", "site", "--source", "chem-alias", "--site", siteId, "--active-on-launch"));
        assertTrue(route.out().lines().findFirst().orElseThrow().matches("id +type +source +status +site +onLaunch +destination +code"), route.out());
        String routeId = route.out().lines().skip(1).findFirst().orElseThrow().split(" +")[0];
        assertTrue(route.out().contains("chem-alias") && route.out().contains("inactive"), route.out());
        CliRunner.Result launched = ok(berth.run("sites", "launch", siteId, "--wait", "--timeout", "120"));
        assertTrue(launched.out().lines().skip(1).findFirst().orElseThrow().matches(siteId + " +chem +launched +prod +0"), launched.toString());
        assertTrue(launched.err().contains("site " + siteId + " is launched"), launched.err());
        assertTrue(ok(berth.run("routes", "list")).out().lines().anyMatch(l -> l.startsWith(routeId) && l.contains(" active ")),
                ok(berth.run("routes", "list")).out());
        String redirect = ok(berth.run("routes", "create", "--type", "redirect", "--source", "chemistry", "--destination",
                "https://chem.example.com/", "--code", "301", "--active", "-q")).out().trim();
        assertEquals("302", json(berth.run("routes", "set", redirect, "redirectCode:=302", "-o", "json")).get("redirectCode").asText());
        ok(berth.run("routes", "delete", redirect));
        fails(3, berth.run("routes", "show", redirect));
        fails(2, berth.run("routes", "create", "--type", "redirect", "--source", "x", "--destination", "https://x.example.com", "--code", "303"));

        // Locked and unlocked; not deleted while launched.
        assertTrue(ok(berth.run("sites", "lock", siteId)).out().contains("locked"));
        assertTrue(ok(berth.run("sites", "unlock", siteId)).out().contains("launched"));
        fails(4, berth.run("sites", "delete", siteId));

        // A command over the launched sites.
        String command = ok(berth.run("commands", "create", "--label", "x", "--command", "cron", "--status", "launched", "-q")).out().trim();
        JsonNode defined = json(berth.run("commands", "show", command, "--json"));
        assertEquals(List.of("launched"), List.of(defined.at("/filter/statuses/0").asText()));
        CliRunner.Result run = ok(berth.run("commands", "run", command, "--wait", "--timeout", "120"));
        assertTrue(run.out().lines().findFirst().orElseThrow().matches("site +exitCode +durationMs"), run.toString());
        assertTrue(run.out().lines().anyMatch(l -> l.matches(siteId + " +0 +\\d+")), run.toString());
        String execution = ok(berth.run("commands", "executions", "-q")).out().lines().findFirst().orElseThrow();
        JsonNode executed = json(berth.run("commands", "execution", execution, "--json"));
        assertEquals("complete", executed.get("state").asText());
        assertEquals(0, executed.at("/results/" + siteId + "/exitCode").asInt());
        CliRunner.Result executionTable = ok(berth.run("commands", "execution", execution));
        assertTrue(executionTable.out().lines().anyMatch(l -> l.matches("state +complete")), executionTable.out());
        assertTrue(executionTable.out().lines().anyMatch(l -> l.matches(siteId + " +0 +\\d+")), executionTable.out());
        fails(3, berth.run("statistics", "show", siteId));
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/statistics/" + siteId))
                .header("Authorization", "Bearer " + statisticsToken).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"nodes\":12,\"usersByRole\":{\"editor\":3}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        CliRunner.Result statistics = ok(berth.run("statistics", "show", siteId));
        assertTrue(statistics.out().lines().anyMatch(l -> l.matches("document\\.nodes +12")), statistics.out());
        assertEquals(3, json(berth.run("statistics", "show", siteId, "--json")).at("/document/usersByRole/editor").asInt());

        // Taken down and restored; then deleted.
        CliRunner.Result down = ok(berth.run("sites", "take-down", siteId, "--wait", "--timeout", "120"));
        assertTrue(down.out().contains(" down "), down.toString());
        fails(1, berth.run("sites", "take-down", siteId));
        // A backup of the site (database and files), restored into it: it comes back installed.
        CliRunner.Result backup = ok(berth.run("backups", "create", siteId, "--site", "--wait", "--timeout", "120"));
        String backupId = backup.out().lines().skip(1).findFirst().orElseThrow().split(" +")[0];
        assertTrue(backup.out().lines().skip(1).findFirst().orElseThrow().matches(backupId + " +complete +manual +.*"), backup.toString());
        assertTrue(ok(berth.run("backups", "list", siteId, "--site")).out().contains(backupId));
        JsonNode files = json(berth.run("backups", "show", siteId, backupId, "--site", "-o", "json")).get("files");
        assertEquals("files", files.get(files.size() - 1).get("kind").asText(), files.toString());
        ok(berth.run("backups", "restore", siteId, backupId, "--site", "--wait", "--timeout", "120"));
        JsonNode restoredSite = json(berth.run("sites", "show", siteId, "--json"));
        assertEquals("installed", restoredSite.get("status").asText(), restoredSite.toString());
        fails(2, berth.run("sites", "set-code", siteId));
        ok(berth.run("commands", "delete", command));
        fails(3, berth.run("commands", "show", command));
        ok(berth.run("routes", "delete", routeId));
        CliRunner.Result deleted = ok(berth.run("sites", "delete", siteId, "--wait", "--timeout", "120"));
        assertTrue(deleted.out().contains("site " + siteId + " deleted"), deleted.toString());
        fails(3, berth.run("sites", "show", siteId));

        // JSON output of a new site holds its token once; its code changes with If-Match.
        JsonNode second = json(berth.run("sites", "create", "--path", "bio", "--wait", "--timeout", "120", "-o", "json"));
        String secondId = second.get("id").asText();
        assertEquals("available", second.get("status").asText());
        assertTrue(second.get("statisticsToken").asText().startsWith(secondId + "."), second.toString());
        assertTrue(ok(berth.run("sites", "list")).out().lines().anyMatch(l -> l.startsWith(secondId) && l.contains(" bio ")));
        CliRunner.Result recoded = ok(berth.run("sites", "set-code", secondId, "--core", coreId, "--install-profile", profileId));
        assertTrue(recoded.out().contains(secondId), recoded.out());
        fails(4, berth.run("sites", "set-code", secondId, "--package", coreId));
    }

    @Test
    void theFirstAdminTokenComesOnceFromTheBootstrapSecret() throws Exception {
        Path secret = home.resolve("bootstrap-secret");
        Files.writeString(secret, "cli-e2e-bootstrap-secret-0123456789\n");
        CliRunner anonymous = new CliRunner(Map.of("BERTH_CONFIG", home.resolve("no-config").toString(), "HOME", home.toString()));
        fails(2, anonymous.run("admin-token", "--api", api, "--bootstrap-secret-file", home.resolve("missing-file").toString()));
        Path wrong = home.resolve("wrong-secret");
        Files.writeString(wrong, "not-it");
        fails(5, anonymous.run("admin-token", "--api", api, "--bootstrap-secret-file", wrong.toString()));
        JsonNode created = json(anonymous.run("admin-token", "--api", api, "--bootstrap-secret-file", secret.toString(), "--name", "ops", "-o", "json"));
        assertEquals("admin", created.get("role").asText());
        CliRunner asNewAdmin = new CliRunner(Map.of("BERTH_API_URL", api, "BERTH_TOKEN", created.get("token").asText(),
                "BERTH_CONFIG", home.resolve("no-config").toString(), "HOME", home.toString()));
        ok(asNewAdmin.run("tokens", "list"));
        fails(4, anonymous.run("admin-token", "--api", api, "--bootstrap-secret-file", secret.toString()));
    }
}
