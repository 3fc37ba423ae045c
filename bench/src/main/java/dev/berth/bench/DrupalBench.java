package dev.berth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.json.Json;
import dev.berth.local.LocalOptions;
import dev.berth.local.LocalSystem;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * Issue 13's benchmark, through the HTTP API of the whole local system (web servers are local VMs
 * with the drush stand-in behind the local SSH server; sites' databases on the local MariaDB):
 * (a) the time from a claim of a warm-pool site to {@code installed}, against the time from
 * creating a site ({@code pending}) to {@code installed} when no pool is there (create, wait for
 * {@code available}, claim it); (b) a command ({@code cron}) over 500 sites, from the POST of its
 * execution to {@code complete}. Prints figures; asserts nothing.
 */
public final class DrupalBench {
    private static final String TOKEN = "bench-admin-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The figures; the local system's own logs (a line a request) go to stderr. */
    private static final PrintStream OUT = System.out;
    private static String api;

    private DrupalBench() {
    }

    record Response(int status, JsonNode body) {
    }

    public static void main(String[] args) throws Exception {
        int samples = Integer.parseInt(System.getProperty("bench.samples", "10"));
        int fleet = Integer.parseInt(System.getProperty("bench.sites", "500"));
        int batch = Integer.parseInt(System.getProperty("bench.batch", "500"));
        int webServers = Integer.parseInt(System.getProperty("bench.webServers", "2"));
        Path root = Path.of(System.getProperty("berth.root", ".")).toAbsolutePath();
        Path repos = Files.createTempDirectory("berth-drupal-bench");
        OUT.printf("Machine: %d cores, %s %s (%s), max heap %d MB, %s %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), System.getProperty("java.vendor"),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("os.name"), System.getProperty("os.arch"));
        OUT.printf("DrupalBench: %d samples, %d sites for the command, %d web servers, sites created in batches of %d "
                + "(-Dbench.samples, -Dbench.sites, -Dbench.webServers, -Dbench.batch)%n", samples, fleet, webServers, batch);
        OUT.println("Through the HTTP API of the local system: web servers are local VMs behind the local SSH server with the drush stand-in "
                + "(no real Drupal: site:install and cron are a Python script), databases on the local MariaDB");
        System.setOut(System.err);
        long setup = System.nanoTime();
        LocalSystem system = LocalSystem.create(new LocalOptions(root.resolve("template.yaml"), 0, null, Map.of("BERTH_ADMIN_TOKEN", TOKEN,
                "BERTH_LOCAL_WAIT_SCALE", "0.2", "BERTH_LOCAL_DATA_SERVERS", "mysql", "BERTH_DRUPAL_WARM_POOL", String.valueOf(samples)), 0));
        system.runtime().start();
        api = system.runtime().apiUrl().toString().replaceAll("/api/v1/?$", "");
        try {
            for (int i = 1; i <= webServers; i++) {
                webNode("web-" + i);
            }
            String core = code(repos, "drupal", "10.3.1", "core");
            String profile = code(repos, "standard", "1.0", "profile");
            for (String id : List.of(core, profile)) {
                eventually(() -> call("GET", "/api/v1/code/" + id, null).body().get("deploy").asText().equals("deployed"), id + " deployed",
                        Duration.ofMinutes(2));
            }
            OUT.printf("Setup (local system, %d web servers ready, core and profile checked out on them): %.1f s%n%n", webServers,
                    (System.nanoTime() - setup) / 1e9);

            coldVersusWarm(samples);
            command(fleet, batch);
        } finally {
            system.runtime().stop();
            try (var paths = Files.walk(repos)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            Runtime.getRuntime().halt(0);
        }
    }

    /** (a) Sequential samples: no pool first (the pool job has not run), then a pool filled by the job. */
    private static void coldVersusWarm(int samples) throws Exception {
        List<Double> cold = new ArrayList<>();
        List<Double> coldProvision = new ArrayList<>();
        List<Double> coldInstall = new ArrayList<>();
        int foreign = 0;
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            Response created = call("POST", "/api/v1/sites", "{\"path\":\"cold" + i + "\",\"environment\":\"prod\"}");
            String id = created.body().get("id").asText();
            waitFor(id, "available");
            long available = System.nanoTime();
            Response claimed = call("POST", "/api/v1/sites/claim", "{\"path\":\"cold" + i + "\",\"environment\":\"prod\"}");
            String claimedId = claimed.body().get("id").asText();
            if (!claimedId.equals(id)) {
                foreign++; // a site the scheduled pool job made meanwhile: still timed to its install
            }
            waitFor(claimedId, "installed");
            long end = System.nanoTime();
            cold.add((end - start) / 1e6);
            coldProvision.add((available - start) / 1e6);
            coldInstall.add((end - available) / 1e6);
        }

        long fill = System.nanoTime();
        JsonNode job = call("POST", "/api/v1/jobs/drupal-warm-pool/run", null).body();
        eventually(() -> countByStatus("available") >= samples, samples + " pool sites available", Duration.ofMinutes(10));
        double fillMs = (System.nanoTime() - fill) / 1e6;
        List<Double> warm = new ArrayList<>();
        List<Double> claimCall = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            Response claimed = call("POST", "/api/v1/sites/claim", "{\"path\":\"warm" + i + "\",\"environment\":\"prod\"}");
            claimCall.add((System.nanoTime() - start) / 1e6);
            waitFor(claimed.body().get("id").asText(), "installed");
            warm.add((System.nanoTime() - start) / 1e6);
        }

        OUT.printf("(a) Time to an installed site, %d sequential samples each (the API polled every 10 ms):%n", samples);
        OUT.printf("  from pending (no warm pool)  %s%n", figures(cold));
        OUT.printf("      of which pending -> available (database, files, site:install)  %s%n", figures(coldProvision));
        OUT.printf("      of which claim -> installed                                    %s%n", figures(coldInstall));
        OUT.printf("  from a warm-pool claim       %s%n", figures(warm));
        OUT.printf("      of which the POST /sites/claim answer                          %s%n", figures(claimCall));
        OUT.printf("  speed-up at p50: %.1fx%n", percentile(cold, 50) / percentile(warm, 50));
        OUT.printf("  filling the pool: POST /jobs/drupal-warm-pool/run (created %d sites) to %d sites available: %.0f ms%n",
                job.path("changed").asInt(), samples, fillMs);
        if (foreign > 0) {
            OUT.printf("  note: %d cold claims took a site the scheduled pool job had made, not the one just created%n", foreign);
        }
        OUT.println();
    }

    /** (b) {@code fleet} sites created through the API, then {@code cron} over them. */
    private static void command(int fleet, int batch) throws Exception {
        long start = System.nanoTime();
        List<Double> postMs = new ArrayList<>();
        long postTotal = 0;
        for (int from = 0; from < fleet; from += batch) {
            int to = Math.min(fleet, from + batch);
            for (int i = from; i < to; i++) {
                long t = System.nanoTime();
                Response created = call("POST", "/api/v1/sites", String.format("{\"path\":\"fleet%04d\",\"environment\":\"test\"}", i));
                if (created.status() != 202) {
                    OUT.printf("  POST /sites fleet%04d answered %d: %s%n", i, created.status(), created.body());
                }
                long elapsed = System.nanoTime() - t;
                postTotal += elapsed;
                postMs.add(elapsed / 1e6);
            }
            int expected = to;
            long lastPrint = System.nanoTime();
            long lastProgress = System.nanoTime();
            int lastAvailable = -1;
            while (true) {
                Map<String, Integer> counts = fleetCounts();
                int available = counts.getOrDefault("available", 0);
                if (available >= expected) {
                    break;
                }
                if (available != lastAvailable) {
                    lastAvailable = available;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > Duration.ofMinutes(3).toNanos()) {
                    OUT.printf("  no progress for 3 minutes at %s; going on with the available ones%n", counts);
                    break;
                }
                if (System.nanoTime() - lastPrint > Duration.ofSeconds(60).toNanos()) {
                    lastPrint = System.nanoTime();
                    System.err.printf("  ... %s after %.0f s%n", counts, (System.nanoTime() - start) / 1e9);
                }
                Thread.sleep(500);
            }
        }
        double createS = (System.nanoTime() - start) / 1e9;
        Map<String, Integer> counts = fleetCounts();
        int available = counts.getOrDefault("available", 0);
        OUT.printf("(b) A command over the fleet: %d sites created through the API (POST /sites, then provisioned to available)%n", fleet);
        OUT.printf("  POST /sites answer  %s; all POSTs %.1f s%n", figures(postMs), postTotal / 1e9);
        OUT.printf("  created to available: %.1f s in all, %.1f sites/s (%.0f ms a site); statuses %s%n", createS, available / createS,
                createS * 1000 / Math.max(1, available), counts);

        String command = call("POST", "/api/v1/commands", "{\"label\":\"Cron\",\"commands\":[\"cron\"],"
                + "\"filter\":{\"statuses\":[\"available\"],\"pathPrefix\":\"fleet\"},\"singleServer\":true}").body().get("id").asText();
        long runStart = System.nanoTime();
        Response run = call("POST", "/api/v1/commands/" + command + "/executions", null);
        double postRunMs = (System.nanoTime() - runStart) / 1e6;
        String execution = run.body().get("id").asText();
        int sites = run.body().get("siteIds").size();
        JsonNode done = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode now = call("GET", "/api/v1/executions/" + execution, null).body();
            if (now.get("state").asText().equals("complete")) {
                done = now;
                break;
            }
            Thread.sleep(100);
        }
        double runS = (System.nanoTime() - runStart) / 1e9;
        if (done == null) {
            OUT.printf("  the execution did not complete in 30 minutes%n");
            return;
        }
        List<Double> perSite = new ArrayList<>();
        done.get("results").forEach(r -> perSite.add(r.get("durationMs").asDouble()));
        String body = Json.MAPPER.writeValueAsString(done);
        OUT.printf("  `cron` (singleServer) over %d sites: POST of the execution answered in %.0f ms; complete in %.1f s "
                + "(polled every 100 ms), %.1f sites/s, %.0f ms a site; succeeded %d, failed %d%n", sites, postRunMs, runS, sites / runS,
                runS * 1000 / sites, done.get("succeeded").asInt(), done.get("failed").asInt());
        OUT.printf("  (RunCommand's Map says MaxConcurrency 10; the local ASL interpreter runs a Map's items one at a time)%n");
        OUT.printf("  each site's own durationMs (drush over SSH on one web server)  %s%n", figures(perSite));
        OUT.printf("  the finished execution's JSON: %d KB%n", body.length() >> 10);
    }

    private static Map<String, Integer> fleetCounts() throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode site : allSites()) {
            if (site.get("path").asText().startsWith("fleet")) {
                String status = site.get("status").asText() + (site.hasNonNull("failureReason") ? " (failed)" : "");
                counts.merge(status, 1, Integer::sum);
            }
        }
        return counts;
    }

    private static int countByStatus(String status) throws Exception {
        int n = 0;
        for (JsonNode site : allSites()) {
            if (site.get("status").asText().equals(status)) {
                n++;
            }
        }
        return n;
    }

    private static List<JsonNode> allSites() throws Exception {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = call("GET", "/api/v1/sites?limit=500" + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor,
                    java.nio.charset.StandardCharsets.UTF_8)), null).body();
            page.get("items").forEach(all::add);
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        return all;
    }

    private static void waitFor(String site, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode body = call("GET", "/api/v1/sites/" + site, null).body();
            if (body.get("status").asText().equals(status)) {
                return;
            }
            if (body.hasNonNull("failureReason")) {
                throw new IllegalStateException(site + " failed: " + body.get("failureReason").asText());
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException(site + " never became " + status);
    }

    private static String webNode(String name) throws Exception {
        String id = call("POST", "/api/v1/nodes", "{\"name\":\"" + name + "\",\"role\":\"web\",\"size\":\"small\"}").body().get("id").asText();
        eventually(() -> call("GET", "/api/v1/nodes/" + id, null).body().get("status").asText().equals("ready"), name + " ready",
                Duration.ofMinutes(2));
        return id;
    }

    /** A code item from a local git repository with one commit, made current. */
    private static String code(Path repos, String name, String version, String type) throws Exception {
        Path repo = Files.createDirectories(repos.resolve(name));
        Files.writeString(repo.resolve("README.txt"), name + "\n");
        for (List<String> command : List.of(List.of("git", "init", "-q"), List.of("git", "add", "."),
                List.of("git", "-c", "user.email=bench@example.com", "-c", "user.name=bench", "commit", "-q", "-m", name))) {
            Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(command + ": " + out);
            }
        }
        Process head = new ProcessBuilder("git", "rev-parse", "HEAD").directory(repo.toFile()).start();
        String commit = new String(head.getInputStream().readAllBytes()).trim();
        Response created = call("POST", "/api/v1/code", "{\"name\":\"" + name + "\",\"version\":\"" + version + "\",\"type\":\"" + type
                + "\",\"current\":true,\"gitUrl\":\"file://" + repo + "\",\"commitHash\":\"" + commit + "\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("POST /code " + created.status() + ": " + created.body());
        }
        return created.body().get("id").asText();
    }

    private static Response call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body().isEmpty() ? null : Json.MAPPER.readTree(response.body()));
    }

    private static void eventually(Callable<Boolean> condition, String what, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("never: " + what);
    }

    private static String figures(List<Double> values) {
        return String.format("p50 %8.1f ms   p90 %8.1f ms   max %8.1f ms", percentile(values, 50), percentile(values, 90), Collections.max(values));
    }

    /** Nearest rank. */
    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
