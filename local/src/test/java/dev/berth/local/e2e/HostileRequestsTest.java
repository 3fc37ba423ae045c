package dev.berth.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.json.Json;
import dev.berth.local.LocalOptions;
import dev.berth.local.LocalSystem;
import dev.berth.local.http.Route;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The attack suite: for every route of template.yaml, hostile requests (no token, forged token,
 * wrong role, malformed, oversized, wrong media type, injection strings in ids and fields,
 * control characters in headers) through the real local gateway, each with the status it must
 * get and a check that nothing was written (the whole table and the executions, before and after).
 * A route missing from {@link #ROUTES} fails the test: new routes join the table.
 */
class HostileRequestsTest {
    private static final String ADMIN = "hostile-admin-token-0123456789";
    private static LocalSystem system;
    private static String api;
    private static String viewer;
    private static String manager;
    private static String instanceId;
    private static String watchedId;
    private static String tokenId;
    private static String appServerId;
    private static String dataServerId;
    private static String nodeId;
    private static String codeId;
    private static String siteId;
    private static String routeId;
    private static String commandId;
    private static String campaignId;
    private static String executionId;
    private static String backupId;

    /** What each route needs: the lowest role, whether it takes a JSON body, whether it needs If-Match. */
    record Needs(String role, boolean body, boolean ifMatch) {
    }

    private static final Map<String, Needs> ROUTES = new LinkedHashMap<>();

    static {
        ROUTES.put("GET /api/v1/health", new Needs(null, false, false));
        ROUTES.put("POST /api/v1/instances", new Needs("manager", true, false));
        ROUTES.put("GET /api/v1/instances", new Needs("viewer", false, false));
        ROUTES.put("GET /api/v1/instances/{id}", new Needs("viewer", false, false));
        ROUTES.put("PATCH /api/v1/instances/{id}", new Needs("manager", true, true));
        ROUTES.put("DELETE /api/v1/instances/{id}", new Needs("manager", false, true));
        ROUTES.put("GET /api/v1/instances/{id}/appservers", new Needs("viewer", false, false));
        ROUTES.put("POST /api/v1/instances/{id}/appservers", new Needs("manager", true, false));
        ROUTES.put("GET /api/v1/appservers/{id}", new Needs("viewer", false, false));
        ROUTES.put("GET /api/v1/appservers/{id}/logs", new Needs("viewer", false, false));
        ROUTES.put("GET /api/v1/appservers/{id}/execution", new Needs("viewer", false, false));
        ROUTES.put("GET /api/v1/appservers/{id}/cost", new Needs("viewer", false, false));
        ROUTES.put("POST /api/v1/appservers/{id}/activate", new Needs("manager", false, true));
        ROUTES.put("POST /api/v1/appservers/{id}/deactivate", new Needs("manager", false, true));
        ROUTES.put("POST /api/v1/appservers/{id}/terminate", new Needs("manager", false, true));
        ROUTES.put("POST /api/v1/tokens", new Needs("admin", true, false));
        ROUTES.put("GET /api/v1/tokens", new Needs("admin", false, false));
        ROUTES.put("DELETE /api/v1/tokens/{id}", new Needs("admin", false, true));
        ROUTES.put("GET /api/v1/audit", new Needs("admin", false, false));
        ROUTES.put("POST /api/v1/watched-repositories", new Needs("admin", true, false));
        ROUTES.put("GET /api/v1/watched-repositories", new Needs("admin", false, false));
        ROUTES.put("GET /api/v1/watched-repositories/{id}", new Needs("admin", false, false));
        ROUTES.put("PATCH /api/v1/watched-repositories/{id}", new Needs("admin", true, true));
        ROUTES.put("DELETE /api/v1/watched-repositories/{id}", new Needs("admin", false, true));
        ROUTES.put("GET /api/v1/watched-repositories/{id}/secrets", new Needs("admin", false, false));
        ROUTES.put("PUT /api/v1/watched-repositories/{id}/secrets/{key}", new Needs("admin", true, false));
        ROUTES.put("DELETE /api/v1/watched-repositories/{id}/secrets/{key}", new Needs("admin", false, false));
        ROUTES.put("POST /api/v1/jobs/{name}/run", new Needs("admin", false, false));
        ROUTES.put("POST /api/v1/webhooks/github", new Needs("signature", true, false));
        ROUTES.put("POST /api/v1/bootstrap/admin-token", new Needs("bootstrap", true, false));
        ROUTES.put("POST /api/v1/nodes", new Needs("manager", true, false));
        ROUTES.put("GET /api/v1/nodes", new Needs("viewer", false, false));
        ROUTES.put("GET /api/v1/nodes/{id}", new Needs("viewer", false, false));
        ROUTES.put("DELETE /api/v1/nodes/{id}", new Needs("manager", false, true));
        ROUTES.put("POST /api/v1/services", new Needs("manager", true, false));
        ROUTES.put("GET /api/v1/services", new Needs("viewer", false, false));
        ROUTES.put("GET /api/v1/services/{name}", new Needs("viewer", false, false));
        ROUTES.put("PATCH /api/v1/services/{name}", new Needs("manager", true, true));
        ROUTES.put("DELETE /api/v1/services/{name}", new Needs("manager", false, true));
        ROUTES.put("PUT /api/v1/services/{name}/secrets/{key}", new Needs("manager", true, false));
        ROUTES.put("DELETE /api/v1/services/{name}/secrets/{key}", new Needs("manager", false, false));
        ROUTES.put("POST /api/v1/services/{name}/colours/{colour}/launch", new Needs("manager", true, false));
        ROUTES.put("POST /api/v1/services/{name}/colours/{colour}/redeploy", new Needs("manager", false, false));
        ROUTES.put("POST /api/v1/services/{name}/colours/{colour}/terminate", new Needs("manager", false, true));
        ROUTES.put("GET /api/v1/services/{name}/colours/{colour}/logs", new Needs("viewer", false, false));
        ROUTES.put("GET /api/v1/services/{name}/colours/{colour}/logs/download", new Needs("viewer", false, false));
        ROUTES.put("POST /api/v1/services/{name}/builds", new Needs("manager", true, false));
        ROUTES.put("POST /api/v1/services/{name}/promote", new Needs("manager", true, true));
        ROUTES.put("POST /api/v1/services/{name}/database/dump", new Needs("manager", true, false));
        ROUTES.put("POST /api/v1/services/{name}/database/restore", new Needs("manager", true, true));
        ROUTES.put("GET /api/v1/services/{name}/database/backups", new Needs("viewer", false, false));
        ROUTES.put("GET /api/v1/services/{name}/database/backups/{backupId}", new Needs("viewer", false, false));
        ROUTES.put("GET /api/v1/instances/{id}/secrets", new Needs("manager", false, false));
        ROUTES.put("PUT /api/v1/instances/{id}/secrets/{key}", new Needs("manager", true, false));
        ROUTES.put("DELETE /api/v1/instances/{id}/secrets/{key}", new Needs("manager", false, false));
        ROUTES.put("POST /api/v1/code", new Needs("manager", true, false));
        ROUTES.put("GET /api/v1/code", new Needs("viewer", false, false));
        ROUTES.put("GET /api/v1/code/{id}", new Needs("viewer", false, false));
        ROUTES.put("PATCH /api/v1/code/{id}", new Needs("manager", true, true));
        ROUTES.put("DELETE /api/v1/code/{id}", new Needs("manager", false, true));
        ROUTES.put("POST /api/v1/sites", new Needs("manager", true, false));
        ROUTES.put("POST /api/v1/sites/claim", new Needs("manager", true, false));
        ROUTES.put("GET /api/v1/sites", new Needs("viewer", false, false));
        ROUTES.put("GET /api/v1/sites/{id}", new Needs("viewer", false, false));
        ROUTES.put("POST /api/v1/sites/{id}/status", new Needs("manager", true, true));
        ROUTES.put("PATCH /api/v1/sites/{id}/code", new Needs("manager", true, true));
        ROUTES.put("DELETE /api/v1/sites/{id}", new Needs("manager", false, true));
        ROUTES.put("POST /api/v1/routes", new Needs("manager", true, false));
        ROUTES.put("GET /api/v1/routes", new Needs("viewer", false, false));
        ROUTES.put("GET /api/v1/routes/{id}", new Needs("viewer", false, false));
        ROUTES.put("PATCH /api/v1/routes/{id}", new Needs("manager", true, true));
        ROUTES.put("DELETE /api/v1/routes/{id}", new Needs("manager", false, true));
        ROUTES.put("POST /api/v1/commands", new Needs("manager", true, false));
        ROUTES.put("GET /api/v1/commands", new Needs("viewer", false, false));
        ROUTES.put("GET /api/v1/commands/{id}", new Needs("viewer", false, false));
        ROUTES.put("DELETE /api/v1/commands/{id}", new Needs("manager", false, false));
        ROUTES.put("POST /api/v1/commands/{id}/executions", new Needs("manager", false, false));
        ROUTES.put("GET /api/v1/executions", new Needs("viewer", false, false));
        ROUTES.put("GET /api/v1/executions/{id}", new Needs("viewer", false, false));
        ROUTES.put("PUT /api/v1/statistics/{siteId}", new Needs("site", true, false));
        ROUTES.put("GET /api/v1/statistics/{siteId}", new Needs("viewer", false, false));
        ROUTES.put("GET /api/v1/incidents", new Needs("viewer", false, false));
        ROUTES.put("GET /api/v1/incidents/{id}", new Needs("viewer", false, false));
        ROUTES.put("GET /api/v1/reports/activity", new Needs("viewer", false, false));
        ROUTES.put("POST /api/v1/campaigns", new Needs("manager", true, false));
        ROUTES.put("GET /api/v1/campaigns", new Needs("viewer", false, false));
        ROUTES.put("GET /api/v1/campaigns/{id}", new Needs("viewer", false, false));
        ROUTES.put("POST /api/v1/campaigns/{id}/cancel", new Needs("manager", false, true));
        ROUTES.put("POST /api/v1/sites/{id}/backups", new Needs("manager", false, false));
        ROUTES.put("GET /api/v1/sites/{id}/backups", new Needs("viewer", false, false));
        ROUTES.put("GET /api/v1/sites/{id}/backups/{backupId}", new Needs("viewer", false, false));
        // No site here can have a backup (its database server is unreachable): the stale-If-Match row would meet a 404 first.
        ROUTES.put("DELETE /api/v1/sites/{id}/backups/{backupId}", new Needs("manager", false, false));
        ROUTES.put("POST /api/v1/sites/{id}/backups/{backupId}/restore", new Needs("manager", false, true));
        ROUTES.put("POST /api/v1/profiles", new Needs("admin", true, false));
        ROUTES.put("GET /api/v1/profiles", new Needs("viewer", false, false));
        ROUTES.put("GET /api/v1/profiles/{name}", new Needs("viewer", false, false));
        ROUTES.put("PATCH /api/v1/profiles/{name}", new Needs("admin", true, true));
        ROUTES.put("DELETE /api/v1/profiles/{name}", new Needs("admin", false, true));
        ROUTES.put("POST /api/v1/data-servers", new Needs("admin", true, false));
        ROUTES.put("GET /api/v1/data-servers", new Needs("admin", false, false));
        ROUTES.put("GET /api/v1/data-servers/{id}", new Needs("admin", false, false));
        ROUTES.put("PATCH /api/v1/data-servers/{id}", new Needs("admin", true, true));
        ROUTES.put("DELETE /api/v1/data-servers/{id}", new Needs("admin", false, true));
        ROUTES.put("GET /api/v1/instances/{id}/data", new Needs("viewer", false, false));
        ROUTES.put("POST /api/v1/instances/{id}/credentials/rotate", new Needs("admin", false, false));
        ROUTES.put("POST /api/v1/instances/{id}/backups", new Needs("manager", false, false));
        ROUTES.put("GET /api/v1/instances/{id}/backups", new Needs("viewer", false, false));
        ROUTES.put("GET /api/v1/instances/{id}/backups/{backupId}", new Needs("viewer", false, false));
        ROUTES.put("DELETE /api/v1/instances/{id}/backups/{backupId}", new Needs("manager", false, true));
        ROUTES.put("POST /api/v1/instances/{id}/backups/{backupId}/restore", new Needs("manager", false, true));
    }

    private static final String SERVICE = "{\"name\":\"target-svc\",\"image\":\"registry.example.com/target:1\",\"ports\":[{\"container\":8080,"
            + "\"host\":18080}],\"healthPath\":\"/health\",\"productionHost\":\"target-svc.localhost\",\"stagingHost\":\"staging.target-svc.localhost\"}";

    /** Ids that name nothing and must never reach a query: traversal, injection, a key over DynamoDB's limit, a NUL. */
    private static final List<String> HOSTILE_IDS = List.of("..%2F..%2Fetc%2Fpasswd", "x'%3B%20DROP%20TABLE", "%24(id)", "a".repeat(3000),
            "in-%00", "%E2%80%AEevil");

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("berth.root", "..")).toAbsolutePath().normalize();
        // Persistent data on the in-JVM MongoDB and a folder, so that backups exist to attack.
        system = LocalSystem.create(new LocalOptions(root.resolve("template.yaml"), 0, null, Map.of("BERTH_ADMIN_TOKEN", ADMIN,
                "BERTH_LOCAL_WAIT_SCALE", "0.01", "BERTH_LOCAL_DATA_SERVERS", "mongodb", "BERTH_DATA_NEEDS", "mongodb:modulestore,storage",
                "BERTH_BOOTSTRAP_SECRET", "hostile-bootstrap-secret-0123456789"), 0));
        system.runtime().start();
        api = system.runtime().apiUrl().toString().replaceAll("/api/v1/?$", "");
        viewer = call("POST", "/api/v1/tokens", ADMIN, "{\"name\":\"v\",\"role\":\"viewer\"}", null).path("token").asText();
        manager = call("POST", "/api/v1/tokens", ADMIN, "{\"name\":\"m\",\"role\":\"manager\"}", null).path("token").asText();
        tokenId = call("POST", "/api/v1/tokens", ADMIN, "{\"name\":\"t\",\"role\":\"viewer\"}", null).path("id").asText();
        instanceId = call("POST", "/api/v1/instances", ADMIN, "{\"name\":\"Target\",\"subDomain\":\"target\"}", null).path("id").asText();
        watchedId = call("POST", "/api/v1/watched-repositories", ADMIN, "{\"fullName\":\"octo/target\",\"baseDomain\":\"localhost\"}", null)
                .path("id").asText();
        dataServerId = call("POST", "/api/v1/data-servers", ADMIN, "{\"name\":\"target-db\",\"kind\":\"mysql\",\"host\":\"db.internal\","
                + "\"adminUser\":\"admin\",\"adminPassword\":\"target-admin-password\"}", null).path("id").asText();
        appServerId = call("POST", "/api/v1/instances/" + instanceId + "/appservers", ADMIN, null, null).path("id").asText();
        nodeId = call("POST", "/api/v1/nodes", ADMIN, "{\"name\":\"target-node\",\"role\":\"docker\",\"size\":\"small\"}", null).path("id").asText();
        call("POST", "/api/v1/services", ADMIN, SERVICE, null);
        codeId = call("POST", "/api/v1/code", ADMIN, "{\"name\":\"drupal\",\"version\":\"10.3.1\",\"type\":\"core\",\"current\":true,"
                + "\"gitUrl\":\"https://git.example.edu/core.git\",\"commitHash\":\"abcdef1\"}", null).path("id").asText();
        call("POST", "/api/v1/code", ADMIN, "{\"name\":\"standard\",\"version\":\"1.0\",\"type\":\"profile\",\"current\":true,"
                + "\"gitUrl\":\"https://git.example.edu/standard.git\",\"commitHash\":\"abcdef2\"}", null);
        siteId = call("POST", "/api/v1/sites", ADMIN, "{\"path\":\"target\"}", null).path("id").asText();
        routeId = call("POST", "/api/v1/routes", ADMIN, "{\"type\":\"redirect\",\"status\":\"active\",\"source\":\"old\","
                + "\"destination\":\"https://example.edu/\",\"redirectCode\":301}", null).path("id").asText();
        commandId = call("POST", "/api/v1/commands", ADMIN, "{\"label\":\"target\",\"commands\":[\"cron\"]}", null).path("id").asText();
        executionId = call("POST", "/api/v1/commands/" + commandId + "/executions", ADMIN, null, null).path("id").asText();
        call("POST", "/api/v1/profiles", ADMIN, "{\"name\":\"target-profile\",\"defaults\":{\"rebuildSchedule\":\"weekly\"}}", null);
        // A campaign that ends at once (cancelled, launching only): its routes get a real id.
        campaignId = call("POST", "/api/v1/campaigns", ADMIN, "{\"filter\":{\"instanceIds\":[\"" + instanceId + "\"]},\"activate\":false}", null)
                .path("id").asText();
        call("POST", "/api/v1/campaigns/" + campaignId + "/cancel", ADMIN, null, "*");
        settle();
        backupId = call("POST", "/api/v1/instances/" + instanceId + "/backups", ADMIN, null, null).path("id").asText();
        settle();
        if (!call("GET", "/api/v1/instances/" + instanceId + "/backups/" + backupId, ADMIN, null, null).path("state").asText().equals("complete")) {
            throw new IllegalStateException("the target backup did not complete");
        }
    }

    /** Waits until no execution runs, so that only the hostile requests could write. */
    private static void settle() throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (system.stateMachines().executions().stream().anyMatch(e -> e.status() == dev.berth.asl.AslExecution.Status.RUNNING)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("executions still running after a minute");
            }
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.runtime().stop();
        }
    }

    private static JsonNode call(String method, String path, String token, String body, String ifMatch) throws Exception {
        Answer response = send(method, path, token == null ? null : "Bearer " + token, body, "application/json", ifMatch);
        return response.body().isEmpty() ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(response.body());
    }

    /** An answer read off the wire. */
    record Answer(int statusCode, Map<String, String> headers, String body) {
        java.util.Optional<String> header(String name) {
            return java.util.Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
        }
    }

    /** A raw HTTP/1.1 exchange: headers go out byte for byte (control characters included), which no HTTP client allows. */
    private static Answer send(String method, String path, String authorization, Object body, String contentType, String ifMatch,
                               String... extraHeaders) throws Exception {
        URI base = URI.create(api);
        byte[] content = body == null ? new byte[0] : body instanceof byte[] bytes ? bytes : ((String) body).getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost:" + base.getPort() + "\r\nConnection: close\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (body != null && contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (ifMatch != null) {
            head.append("If-Match: ").append(ifMatch).append("\r\n");
        }
        for (String header : extraHeaders) {
            head.append(header).append("\r\n");
        }
        head.append("Content-Length: ").append(content.length).append("\r\n\r\n");
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(content);
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            String[] lines = response.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            String rest = response.substring(end + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                rest = dechunk(rest);
            }
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, rest);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            byte[] bytes = chunked.substring(eol + 2).getBytes(StandardCharsets.UTF_8);
            String piece = new String(bytes, 0, size, StandardCharsets.UTF_8);
            out.append(piece);
            at = eol + 2 + piece.length() + 2;
        }
    }

    /** Everything in the table, as one digest, and the executions started: what "nothing written" compares. */
    private static String written() {
        return dev.berth.local.testing.Written.by(system);
    }

    private static String concrete(String routeKey, String id) {
        String path = routeKey.substring(routeKey.indexOf(' ') + 1);
        String value = id != null ? id : path.contains("/tokens/") ? tokenId : path.contains("watched-repositories") ? watchedId
                : path.contains("/jobs/") ? "cleanup-appservers" : path.contains("/appservers/") ? appServerId
                : path.contains("/data-servers/") ? dataServerId : path.contains("/nodes/") ? nodeId
                : path.contains("/services/") ? "target-svc" : path.contains("/code/") ? codeId
                : path.contains("/sites/") || path.contains("/statistics/") ? siteId : path.contains("/routes/") ? routeId
                : path.contains("/commands/") ? commandId : path.contains("/executions/") ? executionId
                : path.contains("/campaigns/") ? campaignId : path.contains("/profiles/") ? "target-profile" : instanceId;
        return path.replace("{id}", value).replace("{name}", value)
                .replace("{backupId}", id != null ? id : backupId)
                .replace("{colour}", id != null ? id : "blue").replace("{key}", id != null ? id : "API_KEY")
                .replace("{siteId}", value);
    }

    private record Attempt(String what, String method, String path, String authorization, Object body, String contentType,
                           String ifMatch, int expected, String... headers) {
    }

    private static List<Attempt> attempts(String routeKey, Needs needs) {
        String method = routeKey.substring(0, routeKey.indexOf(' '));
        String path = concrete(routeKey, null);
        String validBody = needs.body() ? validBody(routeKey) : null;
        String ifMatch = needs.ifMatch() ? "*" : null;
        List<Attempt> out = new ArrayList<>();
        if (needs.role() == null) {
            return out;
        }
        if (needs.role().equals("site")) {
            String stats = "{\"nodes\":1}";
            out.add(new Attempt("no credential", method, path, null, stats, "application/json", null, 401));
            out.add(new Attempt("an admin token is not the site's credential", method, path, "Bearer " + ADMIN, stats, "application/json", null, 401));
            out.add(new Attempt("a forged site credential", method, path, "Bearer " + siteId + ".forged", stats, "application/json", null, 401));
            out.add(new Attempt("injection in the credential", method, path, "Bearer " + siteId + ".' OR 1=1 --", stats, "application/json", null, 401));
            for (String id : HOSTILE_IDS) {
                out.add(new Attempt("hostile id " + id.substring(0, Math.min(20, id.length())), method, concrete(routeKey, id), "Bearer " + ADMIN,
                        stats, "application/json", null, 404));
            }
            return out;
        }
        if (needs.role().equals("bootstrap")) {
            String secret = "{\"bootstrapSecret\":\"not-the-secret\",\"name\":\"x\"}";
            out.add(new Attempt("a wrong bootstrap secret", method, path, null, secret, "application/json", null, 401));
            out.add(new Attempt("no bootstrap secret", method, path, null, "{\"name\":\"x\"}", "application/json", null, 401));
            out.add(new Attempt("malformed JSON", method, path, null, "{\"name\": ", "application/json", null, 400));
            out.add(new Attempt("oversized", method, path, null, "{\"name\":\"" + "x".repeat(300 * 1024) + "\"}", "application/json", null, 413));
            out.add(new Attempt("injection in the secret", method, path, null, "{\"bootstrapSecret\":\"' OR 1=1 --\"}", "application/json",
                    null, 401));
            out.add(new Attempt("unknown field", method, path, null, "{\"role\":\"admin\"}", "application/json", null, 422));
            return out;
        }
        if (needs.role().equals("signature")) {
            String[] github = {"X-GitHub-Event: pull_request", "X-GitHub-Delivery: hostile-1"};
            out.add(new Attempt("unsigned", method, path, null, validBody, "application/json", null, 401, github));
            out.add(new Attempt("forged signature", method, path, null, validBody, "application/json", null, 401, github[0], github[1],
                    "X-Hub-Signature-256: sha256=" + "0".repeat(64)));
            out.add(new Attempt("signature of another body", method, path, null, validBody, "application/json", null, 401, github[0],
                    github[1], "X-Hub-Signature-256: " + new dev.berth.github.webhook.WebhookSignature("local-webhook-secret").sign(
                            "{}".getBytes(StandardCharsets.UTF_8))));
            return out;
        }
        out.add(new Attempt("no token", method, path, null, validBody, "application/json", ifMatch, 401));
        out.add(new Attempt("forged token", method, path, "Bearer brt_aaaaaaaaaaaa_" + "b".repeat(40), validBody, "application/json", ifMatch, 401));
        out.add(new Attempt("token with a control character", method, path, "Bearer " + ADMIN.substring(0, 8) + "\u0001"
                + ADMIN.substring(8), validBody, "application/json", ifMatch, 401));
        if (!needs.role().equals("viewer")) {
            out.add(new Attempt("viewer", method, path, "Bearer " + viewer, validBody, "application/json", ifMatch, 403));
        }
        if (needs.role().equals("admin")) {
            out.add(new Attempt("manager", method, path, "Bearer " + manager, validBody, "application/json", ifMatch, 403));
        }
        if (routeKey.contains("{")) {
            for (String id : HOSTILE_IDS) {
                out.add(new Attempt("hostile id " + id.substring(0, Math.min(20, id.length())), method, concrete(routeKey, id),
                        "Bearer " + ADMIN, validBody, "application/json", ifMatch, 404));
            }
        }
        if (needs.body()) {
            String admin = "Bearer " + ADMIN;
            out.add(new Attempt("malformed JSON", method, path, admin, "{\"name\": ", "application/json", ifMatch, 400));
            out.add(new Attempt("JSON that is not an object", method, path, admin, "[1, 2]", "application/json", ifMatch, 400));
            out.add(new Attempt("invalid UTF-8", method, path, admin, new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xC3, '"', '}'},
                    "application/json", ifMatch, 400));
            out.add(new Attempt("duplicate keys", method, path, admin, "{\"name\":\"a\",\"name\":\"b\"}", "application/json", ifMatch, 400));
            out.add(new Attempt("oversized", method, path, admin, "{\"name\":\"" + "x".repeat(300 * 1024) + "\"}", "application/json",
                    ifMatch, 413));
            out.add(new Attempt("wrong media type", method, path, admin, validBody, "text/xml", ifMatch, 415));
            out.add(new Attempt("unknown field", method, path, admin, "{\"$where\":\"1==1\"}", "application/json", ifMatch, 422));
        }
        if (needs.ifMatch()) {
            String admin = "Bearer " + ADMIN;
            out.add(new Attempt("no If-Match", method, path, admin, validBody, "application/json", null, 428));
            out.add(new Attempt("stale If-Match", method, path, admin, validBody, "application/json", "\"v99\"", 412));
            out.add(new Attempt("If-Match with a control character", method, path, admin, validBody, "application/json", "\"v\u00011\"", 400));
        }
        return out;
    }

    private static String validBody(String routeKey) {
        return switch (routeKey) {
            case "POST /api/v1/instances" -> "{\"name\":\"New\",\"subDomain\":\"new\"}";
            case "PATCH /api/v1/instances/{id}" -> "{\"name\":\"Renamed\"}";
            case "POST /api/v1/tokens" -> "{\"name\":\"x\",\"role\":\"admin\"}";
            case "POST /api/v1/watched-repositories" -> "{\"fullName\":\"octo/other\",\"baseDomain\":\"localhost\"}";
            case "PATCH /api/v1/watched-repositories/{id}" -> "{\"enabled\":false}";
            case "POST /api/v1/data-servers" -> "{\"name\":\"x\",\"kind\":\"mysql\",\"host\":\"h\",\"adminUser\":\"a\",\"adminPassword\":\"p\"}";
            case "PATCH /api/v1/data-servers/{id}" -> "{\"capacity\":5}";
            case "POST /api/v1/code" -> "{\"name\":\"other\",\"version\":\"1.0\",\"type\":\"module\",\"gitUrl\":\"https://git.example.edu/x.git\","
                    + "\"commitHash\":\"abcdef3\"}";
            case "PATCH /api/v1/code/{id}" -> "{\"label\":\"x\"}";
            case "PATCH /api/v1/routes/{id}" -> "{\"redirectCode\":302}";
            case "POST /api/v1/sites" -> "{\"path\":\"other\"}";
            case "POST /api/v1/sites/claim" -> "{\"path\":\"claimed\"}";
            case "POST /api/v1/sites/{id}/status" -> "{\"status\":\"launching\"}";
            case "PATCH /api/v1/sites/{id}/code" -> "{\"packages\":[]}";
            case "POST /api/v1/routes" -> "{\"type\":\"redirect\",\"source\":\"other\",\"destination\":\"https://example.edu/\",\"redirectCode\":301}";
            case "POST /api/v1/commands" -> "{\"label\":\"other\",\"commands\":[\"cron\"]}";
            case "POST /api/v1/profiles" -> "{\"name\":\"other\",\"defaults\":{\"rebuildSchedule\":\"daily\"}}";
            case "PATCH /api/v1/profiles/{name}" -> "{\"description\":\"changed\"}";
            case "POST /api/v1/campaigns" -> "{\"filter\":{\"instanceIds\":[\"" + instanceId + "\"]},\"batchSize\":1}";
            case "POST /api/v1/nodes" -> "{\"name\":\"other-node\",\"role\":\"docker\",\"size\":\"small\"}";
            case "POST /api/v1/services" -> SERVICE.replace("target", "other");
            case "PATCH /api/v1/services/{name}" -> "{\"healthPath\":\"/ready\"}";
            case "PUT /api/v1/services/{name}/secrets/{key}", "PUT /api/v1/instances/{id}/secrets/{key}",
                 "PUT /api/v1/watched-repositories/{id}/secrets/{key}" -> "{\"value\":\"s3cret\"}";
            case "POST /api/v1/services/{name}/colours/{colour}/launch" -> "{\"node\":\"" + nodeId + "\"}";
            case "POST /api/v1/services/{name}/builds" -> "{\"colour\":\"blue\",\"gitUrl\":\"https://github.com/example/x.git\",\"commit\":\"abc1234\"}";
            case "POST /api/v1/services/{name}/promote", "POST /api/v1/services/{name}/database/dump" -> "{\"colour\":\"blue\"}";
            case "POST /api/v1/services/{name}/database/restore" -> "{\"backupId\":\"" + backupId + "\",\"colour\":\"blue\"}";
            case "POST /api/v1/instances/{id}/appservers" -> "{\"allowReleaseChange\":false}";
            case "POST /api/v1/webhooks/github" -> "{\"action\":\"opened\",\"number\":1}";
            default -> "{}";
        };
    }

    /** Waits until the setup's own work (a node booting, a routing sync) stops writing the table, so that a change is the request's. */
    private static void untilTheTableIsQuiet() throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        String last = written();
        while (System.nanoTime() < deadline) {
            Thread.sleep(750);
            String now = written();
            if (now.equals(last)) {
                return;
            }
            last = now;
        }
        fail("the table never stopped changing before the hostile requests");
    }

    @Test
    void everyRouteOfTheTemplateIsInTheTable() {
        Set<String> templateRoutes = new TreeSet<>();
        for (Route route : system.runtime().http().routes().routes()) {
            templateRoutes.add(route.routeKey());
        }
        assertEquals(templateRoutes, new TreeSet<>(ROUTES.keySet()), "a new route joins the hostile-request table");
    }

    @Test
    void hostileRequestsGetTheirStatusAClearJsonErrorAndWriteNothing() throws Exception {
        List<String> failures = new ArrayList<>();
        int count = 0;
        untilTheTableIsQuiet();
        for (Map.Entry<String, Needs> route : ROUTES.entrySet()) {
            for (Attempt attempt : attempts(route.getKey(), route.getValue())) {
                String before = written();
                Answer response = send(attempt.method(), attempt.path(), attempt.authorization(), attempt.body(),
                        attempt.contentType(), attempt.ifMatch(), attempt.headers());
                count++;
                String label = route.getKey() + " [" + attempt.what() + "]";
                if (response.statusCode() != attempt.expected()) {
                    failures.add(label + ": " + response.statusCode() + " instead of " + attempt.expected() + " " + response.body());
                    continue;
                }
                JsonNode error = Json.MAPPER.readTree(response.body());
                if (!error.path("error").isTextual() || !error.path("message").isTextual()) {
                    failures.add(label + ": not a JSON error: " + response.body());
                }
                if (!before.equals(written())) {
                    failures.add(label + ": something was written");
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + count + " hostile requests were not refused cleanly:\n" + String.join("\n", failures));
        }
        assertTrue(count > 150, "the table covers the routes (" + count + " requests)");
    }

    /** Regression (issue 18.8): non-route methods answered a bare 404; HEAD answered nothing. */
    @Test
    void otherMethodsGetA405WithAllowAndHeadAnswersLikeGet() throws Exception {
        Answer put = send("PUT", "/api/v1/instances/" + instanceId, "Bearer " + ADMIN, "{}", "application/json", null);
        assertEquals(405, put.statusCode());
        assertEquals("GET, PATCH, DELETE, HEAD", put.header("Allow").orElse(""));
        assertEquals("method_not_allowed", Json.MAPPER.readTree(put.body()).path("error").asText());
        Answer head = send("HEAD", "/api/v1/instances/" + instanceId, "Bearer " + ADMIN, null, null, null);
        assertEquals(200, head.statusCode());
        assertTrue(head.header("ETag").isPresent());
        assertEquals("", head.body());
    }

    /** Regression (issue 18.8): a huge cursor overflowed and returned the log from its start; a long repository name answered 500. */
    @Test
    void edgeValuesOfQueryParametersAreRefused() throws Exception {
        Answer overflow = send("GET", "/api/v1/appservers/" + appServerId + "/logs?after=9223372036854775807", "Bearer " + ADMIN, null,
                null, null);
        assertEquals(400, overflow.statusCode(), overflow.body());
        assertEquals("invalid_cursor", Json.MAPPER.readTree(overflow.body()).path("error").asText());
        assertEquals(422, send("GET", "/api/v1/instances?repository=" + "a".repeat(3000) + "&pullRequest=1", "Bearer " + ADMIN, null,
                null, null).statusCode());
        for (String name : new String[] {"Evil\\u0000name", "Line\\r\\nbreak", "Del\\u007f", "Right-to-left \\u202eoverride"}) {
            Answer created = send("POST", "/api/v1/instances", "Bearer " + ADMIN, "{\"name\":\"" + name
                    + "\",\"subDomain\":\"named\"}", "application/json", null);
            assertEquals(422, created.statusCode(), name + ": " + created.body());
        }
        Answer emoji = send("POST", "/api/v1/instances", "Bearer " + ADMIN,
                "{\"name\":\"Université 🎓 Δ\",\"subDomain\":\"emoji\"}", "application/json", null);
        assertEquals(201, emoji.statusCode(), "Unicode letters and emoji stay welcome: " + emoji.body());
    }
}
