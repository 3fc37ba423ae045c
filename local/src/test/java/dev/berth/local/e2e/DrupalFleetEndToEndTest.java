package dev.berth.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.json.Json;
import dev.berth.local.LocalOptions;
import dev.berth.local.LocalSystem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Drupal fleet end to end on the local cloud (web servers are local VMs with a drush
 * stand-in; sites' databases are on the local MariaDB): code checked out from real git
 * repositories, the current flag exclusive under concurrent writes, a site provisioned, claimed,
 * launched at its path through the local load balancer, taken down and restored, illegal moves
 * refused, a command over 50 sites with 3 failing, statistics written with a site's own
 * credential, the warm pool job.
 */
class DrupalFleetEndToEndTest {
    private static final String TOKEN = "drupal-e2e-admin-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalSystem system;
    private static String api;
    private static int proxyPort;
    @TempDir
    static Path repos;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("berth.root", "..")).toAbsolutePath().normalize();
        system = LocalSystem.create(new LocalOptions(root.resolve("template.yaml"), 0, null, Map.of("BERTH_ADMIN_TOKEN", TOKEN,
                "BERTH_LOCAL_WAIT_SCALE", "0.2", "BERTH_LOCAL_DATA_SERVERS", "mysql", "BERTH_DRUPAL_WARM_POOL", "2"), 0));
        system.runtime().start();
        api = system.runtime().apiUrl().toString().replaceAll("/api/v1/?$", "");
        proxyPort = system.cloud().proxyPort();
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.runtime().stop();
        }
    }

    record Response(int status, String etag, JsonNode body) {
    }

    static Response call(String method, String path, String body, String ifMatch) throws Exception {
        return call(method, path, body, ifMatch, "Bearer " + TOKEN);
    }

    static Response call(String method, String path, String body, String ifMatch, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", method.equals("PATCH") ? "application/merge-patch+json" : "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers().firstValue("ETag").orElse(null),
                response.body().isEmpty() ? null : Json.MAPPER.readTree(response.body()));
    }

    static void eventually(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("never: " + what);
    }

    static String[] page(String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxyPort)) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: sites.localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new String[] {response.substring(9, 12), response.substring(response.indexOf("\r\n\r\n") + 4)};
        }
    }

    static String status(String site) throws Exception {
        return call("GET", "/api/v1/sites/" + site, null, null).body().get("status").asText();
    }

    static String webNode(String name) throws Exception {
        String id = call("POST", "/api/v1/nodes", "{\"name\":\"" + name + "\",\"role\":\"web\",\"size\":\"small\"}", null).body().get("id").asText();
        eventually(() -> call("GET", "/api/v1/nodes/" + id, null, null).body().get("status").asText().equals("ready"), name + " ready");
        return id;
    }

    static Path vmOf(String nodeId) {
        return system.cloud().compute().directoryOf(system.cloud().compute().find(nodeId).orElseThrow().id()).orElseThrow();
    }

    /** A local git repository with one commit; returns the commit. */
    static String repository(String name) throws Exception {
        Path repo = Files.createDirectories(repos.resolve(name));
        Files.writeString(repo.resolve("README.txt"), name + "\n");
        for (List<String> command : List.of(List.of("git", "init", "-q"), List.of("git", "add", "."),
                List.of("git", "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", name))) {
            Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
            assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        }
        Process head = new ProcessBuilder("git", "rev-parse", "HEAD").directory(repo.toFile()).start();
        return new String(head.getInputStream().readAllBytes()).trim();
    }

    static String code(String name, String version, String type, boolean current, String commit) throws Exception {
        Response created = call("POST", "/api/v1/code", "{\"name\":\"" + name + "\",\"version\":\"" + version + "\",\"type\":\"" + type
                + "\",\"current\":" + current + ",\"gitUrl\":\"file://" + repos.resolve(name) + "\",\"commitHash\":\"" + commit + "\"}", null);
        assertEquals(201, created.status(), String.valueOf(created.body()));
        return created.body().get("id").asText();
    }

    @Test
    void codeSitesRoutesCommandsAndStatistics() throws Exception {
        String web1 = webNode("web-1");
        String web2 = webNode("web-2");

        // Code from real repositories, checked out on both web servers.
        String coreCommit = repository("drupal");
        String core = code("drupal", "10.3.1", "core", true, coreCommit);
        String profile = code("standard", "1.0", "profile", true, repository("standard"));
        eventually(() -> call("GET", "/api/v1/code/" + core, null, null).body().get("deploy").asText().equals("deployed"), "core deployed");
        for (String node : List.of(web1, web2)) {
            Path checkout = vmOf(node).resolve("drupal/code/core/drupal/drupal-10.3.1");
            assertTrue(Files.isDirectory(checkout.resolve(".git")), "a real checkout on " + node);
            assertEquals("drupal-10.3.1", Files.readSymbolicLink(vmOf(node).resolve("drupal/code/core/drupal/drupal-current")).toString());
        }
        assertEquals(409, call("POST", "/api/v1/code", "{\"name\":\"drupal\",\"version\":\"10.3.1\",\"type\":\"core\",\"gitUrl\":\"file://"
                + repos.resolve("drupal") + "\",\"commitHash\":\"aaaaaaa\"}", null).status(), "name+version+type is unique");

        // The current flag under concurrent writes: exactly one version ends current.
        List<String> versions = new ArrayList<>();
        for (int i = 2; i <= 6; i++) {
            versions.add(code("drupal", "10.3." + i, "core", false, String.format("%07x", 0xabc000 + i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<Integer>> writes = new ArrayList<>();
        for (String id : versions) {
            writes.add(pool.submit(() -> {
                for (int attempt = 0; attempt < 20; attempt++) {
                    int status = call("PATCH", "/api/v1/code/" + id, "{\"current\":true}", "*").status();
                    if (status != 409 && status != 412) {
                        return status;
                    }
                }
                return -1;
            }));
        }
        for (Future<Integer> write : writes) {
            assertEquals(200, write.get());
        }
        pool.shutdown();
        long current = 0;
        for (JsonNode item : call("GET", "/api/v1/code?limit=100", null, null).body().get("items")) {
            if (item.get("type").asText().equals("core") && item.get("current").asBoolean()) {
                current++;
            }
        }
        assertEquals(1, current, "one current core after concurrent writes");
        assertEquals(200, call("PATCH", "/api/v1/code/" + core, "{\"current\":true}", "*").status());

        // A site: provisioned (database on MariaDB, settings file, install), claimed, launched at its path.
        Response created = call("POST", "/api/v1/sites", "{\"path\":\"physics\",\"environment\":\"prod\",\"settings\":{\"siteName\":\"Physics\"}}", null);
        assertEquals(202, created.status(), String.valueOf(created.body()));
        String site = created.body().get("id").asText();
        String credential = created.body().get("statisticsToken").asText();
        eventually(() -> status(site).equals("available"), "the site is provisioned");
        Path settings = vmOf(web1).resolve("drupal/sites/" + site + "/settings.php");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(settings)));
        assertTrue(Files.readString(settings).contains("'database' => 'i_s"), Files.readString(settings));
        String drushCalls = Files.readString(vmOf(web1).resolve(".drush-standin/calls.log"));
        assertTrue(drushCalls.contains("site:install standard"), drushCalls);
        assertEquals(422, call("POST", "/api/v1/sites/" + site + "/status", "{\"status\":\"launching\"}", "*").status(),
                "an available site must be claimed first");
        Response claimed = call("POST", "/api/v1/sites/claim", "{\"environment\":\"prod\"}", null);
        assertEquals(202, claimed.status(), String.valueOf(claimed.body()));
        assertEquals(site, claimed.body().get("id").asText(), "the warm pool's site");
        eventually(() -> status(site).equals("installed"), "installed");
        Response noRoute = call("POST", "/api/v1/sites/" + site + "/status", "{\"status\":\"launching\"}", "*");
        assertEquals(422, noRoute.status());
        assertTrue(noRoute.body().toString().contains("primary route"), noRoute.body().toString());
        assertEquals(201, call("POST", "/api/v1/routes", "{\"type\":\"site\",\"source\":\"physics-dept\",\"siteId\":\"" + site
                + "\",\"activeOnLaunch\":true}", null).status());
        assertEquals(202, call("POST", "/api/v1/sites/" + site + "/status", "{\"status\":\"launching\"}", "*").status());
        eventually(() -> status(site).equals("launched"), "launched");
        eventually(() -> page("/physics")[0].equals("200"), "the site answers at its path");
        assertTrue(page("/physics")[1].contains("Drupal site " + site));
        eventually(() -> page("/physics-dept")[0].equals("200"), "its route answers too");
        // A redirect route, answered by the load balancer itself.
        Response redirect = call("POST", "/api/v1/routes", "{\"type\":\"redirect\",\"source\":\"old-physics\",\"destination\":"
                + "\"https://www.example.edu/physics\",\"redirectCode\":301,\"status\":\"active\"}", null);
        assertEquals(201, redirect.status(), String.valueOf(redirect.body()));
        eventually(() -> page("/old-physics")[0].equals("301"), "the redirect is answered at the load balancer");
        assertEquals("301", page("/old-physics/labs")[0], "and under its path");
        assertEquals(200, call("PATCH", "/api/v1/routes/" + redirect.body().get("id").asText(), "{\"status\":\"inactive\"}", "*").status());
        eventually(() -> !page("/old-physics")[0].equals("301"), "an inactive redirect is gone");
        Response illegal = call("POST", "/api/v1/sites/" + site + "/status", "{\"status\":\"restore\"}", "*");
        assertEquals(422, illegal.status());
        assertTrue(illegal.body().toString().contains("allowed: "), illegal.body().toString());
        assertEquals(409, call("DELETE", "/api/v1/sites/" + site, null, "*").status(), "not while launched");

        // Statistics with the site's own credential, and no other's.
        Response stats = call("PUT", "/api/v1/statistics/" + site, "{\"nodes\":12,\"usersByRole\":{\"editor\":3},\"cronLastRun\":\"2026-11-29T03:00:00Z\"}",
                null, "Bearer " + credential);
        assertEquals(200, stats.status(), String.valueOf(stats.body()));
        assertEquals(401, call("PUT", "/api/v1/statistics/" + site, "{\"nodes\":1}", null, "Bearer " + TOKEN).status());
        assertEquals(422, call("PUT", "/api/v1/statistics/" + site, "{\"password\":\"x\"}", "*", "Bearer " + credential).status());
        assertEquals(12, call("GET", "/api/v1/statistics/" + site, null, null).body().at("/document/nodes").asInt());

        // A command over 50 sites, 3 of which fail: every site gets its result, the others are not stopped.
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 49; i++) {
            batch.add(call("POST", "/api/v1/sites", "{\"path\":\"batch" + i + "\",\"environment\":\"test\"}", null).body().get("id").asText());
        }
        for (String id : batch) {
            eventually(() -> status(id).equals("available"), id + " available");
        }
        Set<String> failing = new HashSet<>(batch.subList(0, 3));
        for (String node : List.of(web1, web2)) {
            Path fail = vmOf(node).resolve(".drush-standin/fail-uris");
            Files.createDirectories(fail.getParent());
            StringBuilder uris = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                uris.append("http://sites.localhost:").append(proxyPort).append("/batch").append(i).append('\n');
            }
            Files.writeString(fail, uris.toString());
        }
        String command = call("POST", "/api/v1/commands", "{\"label\":\"Caches\",\"commands\":[\"@clear-caches\",\"cron\"],"
                + "\"filter\":{\"statuses\":[\"available\",\"launched\"]}}", null).body().get("id").asText();
        Response run = call("POST", "/api/v1/commands/" + command + "/executions", null, null);
        assertEquals(202, run.status());
        assertEquals(50, run.body().get("siteIds").size());
        String execution = run.body().get("id").asText();
        eventually(() -> call("GET", "/api/v1/executions/" + execution, null, null).body().get("state").asText().equals("complete"), "the run ends");
        JsonNode results = call("GET", "/api/v1/executions/" + execution, null, null).body();
        assertEquals(47, results.get("succeeded").asInt(), results.toString());
        assertEquals(3, results.get("failed").asInt());
        for (String id : failing) {
            assertEquals(1, results.at("/results/" + id + "/exitCode").asInt());
            assertTrue(results.at("/results/" + id + "/tail").asText().contains("[error]"), results.at("/results/" + id).toString());
        }

        // A backup of the launched site: its database through the data tier, its files archived beside it.
        Path files = vmOf(web1).resolve("drupal/sites/" + site + "/web/files");
        Files.createDirectories(files);
        Files.writeString(files.resolve("report.txt"), "quarterly report\n");
        Response backup = call("POST", "/api/v1/sites/" + site + "/backups", null, null);
        assertEquals(202, backup.status(), String.valueOf(backup.body()));
        String backupId = backup.body().get("id").asText();
        eventually(() -> call("GET", "/api/v1/sites/" + site + "/backups/" + backupId, null, null).body().get("state").asText().equals("complete"),
                "the backup completes");
        JsonNode made = call("GET", "/api/v1/sites/" + site + "/backups/" + backupId, null, null).body();
        List<String> kinds = new ArrayList<>();
        made.get("files").forEach(f -> kinds.add(f.get("kind").asText()));
        assertEquals(List.of("mysql", "files"), kinds, made.toString());
        assertEquals(1, call("GET", "/api/v1/sites/" + site + "/backups", null, null).body().get("items").size());
        // The routine backup job: a launched site gets one scheduled backup a day.
        JsonNode routine = call("POST", "/api/v1/jobs/drupal-backups/run", null, null).body();
        assertTrue(routine.get("actions").toString().contains("backing up " + site), routine.toString());
        eventually(() -> call("GET", "/api/v1/sites/" + site + "/backups", null, null).body().at("/items/0/state").asText().equals("complete"),
                "the scheduled backup completes");
        JsonNode again = call("POST", "/api/v1/jobs/drupal-backups/run", null, null).body();
        assertTrue(!again.get("actions").toString().contains("backing up " + site), "one a day: " + again);
        assertEquals(409, call("POST", "/api/v1/sites/" + site + "/backups/" + backupId + "/restore", null, "*").status(),
                "only into a site that is down");

        // Take down, then restore from the backup: the files lost meanwhile come back; delete one of the batch.
        assertEquals(202, call("POST", "/api/v1/sites/" + site + "/status", "{\"status\":\"take_down\"}", "*").status());
        eventually(() -> status(site).equals("down"), "down");
        assertEquals("404", page("/physics")[0]);
        assertEquals(404, call("GET", "/api/v1/statistics/" + site, null, null).status(), "statistics retired with the site");
        Files.delete(files.resolve("report.txt"));
        Response restoring = call("POST", "/api/v1/sites/" + site + "/backups/" + backupId + "/restore", null, "*");
        assertEquals(202, restoring.status(), String.valueOf(restoring.body()));
        assertEquals("restore", restoring.body().get("status").asText());
        eventually(() -> status(site).equals("installed"), "restored");
        assertEquals("quarterly report\n", Files.readString(files.resolve("report.txt")), "the files are back");
        assertEquals("complete", call("GET", "/api/v1/sites/" + site + "/backups/" + backupId, null, null).body().at("/lastRestore/state").asText());
        // A code update backs the site up first (the way back if the update goes wrong).
        assertEquals(202, call("PATCH", "/api/v1/sites/" + site + "/code", "{\"packages\":[]}", "*").status());
        eventually(() -> {
            JsonNode items = call("GET", "/api/v1/sites/" + site + "/backups", null, null).body().get("items");
            return items.size() == 3 && items.get(0).get("trigger").asText().equals("before-code-update")
                    && items.get(0).get("state").asText().equals("complete");
        }, "a backup before the code update");
        String gone = batch.get(10);
        assertEquals(202, call("DELETE", "/api/v1/sites/" + gone, null, "*").status());
        eventually(() -> call("GET", "/api/v1/sites/" + gone, null, null).status() == 404, "deleted");
        assertFalse(Files.exists(vmOf(web1).resolve("drupal/sites/" + gone)), "its files are gone");

        // The warm pool job keeps two sites available or on their way.
        JsonNode pool0 = call("POST", "/api/v1/jobs/drupal-warm-pool/run", null, null).body();
        assertEquals(0, pool0.get("changed").asInt(), "the pool is full: " + pool0);
    }
}
