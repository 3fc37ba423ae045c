package dev.berth.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole system through HTTP, as a user drives it: the real template, handlers, state machines,
 * local VMs with SSH and the local load balancer. Launch, live log, preview link, activate,
 * switch, terminate; failures end failed or error with their reasons.
 */
class BlueGreenEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "e2e-admin-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalSystem system;
    private static String api;
    private static int proxyPort;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("berth.root", "..")).toAbsolutePath().normalize();
        LocalOptions options = new LocalOptions(root.resolve("template.yaml"), 0, null, Map.of(
                "BERTH_ADMIN_TOKEN", TOKEN,
                "BERTH_LAUNCH_POLL_SECONDS", "1",
                "BERTH_LOCAL_WAIT_SCALE", "0.5",
                "BERTH_BOOT_TIMEOUT_SECONDS", "4",
                // Persistent data on the in-JVM MongoDB and a folder: fast, and every launch goes through provisioning.
                "BERTH_LOCAL_DATA_SERVERS", "mongodb",
                "BERTH_DATA_NEEDS", "mongodb:modulestore,storage"), 0);
        system = LocalSystem.create(options);
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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers().firstValue("ETag").orElse(null),
                response.body().isEmpty() ? null : JSON.readTree(response.body()));
    }

    /** GET through the local load balancer with a Host header, as curl -H 'Host: …' sends it. */
    static String[] site(String host, String authorization) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxyPort)) {
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new String[] {response.substring(9, 12), response.substring(response.indexOf("\r\n\r\n") + 4)};
        }
    }

    static String createInstance(String subDomain, String extraSettings) throws Exception {
        Response created = call("POST", "/api/v1/instances", JSON.createObjectNode().put("name", "Site " + subDomain)
                .put("subDomain", subDomain).put("extraSettings", extraSettings).toString(), null);
        assertEquals(201, created.status(), String.valueOf(created.body()));
        return created.body().get("id").asText();
    }

    static String launch(String instanceId) throws Exception {
        Response launched = call("POST", "/api/v1/instances/" + instanceId + "/appservers", null, null);
        assertEquals(202, launched.status(), String.valueOf(launched.body()));
        return launched.body().get("id").asText();
    }

    /** Tails the log as a console would while waiting for the launch to settle; returns the lines seen and the final record. */
    static JsonNode awaitSettled(String appServerId, List<String> lines, List<String> statusesWhenLinesArrived) throws Exception {
        String cursor = "0";
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode log = call("GET", "/api/v1/appservers/" + appServerId + "/logs?after=" + cursor, null, null).body();
            for (JsonNode item : log.get("items")) {
                lines.add(item.get("text").asText());
                statusesWhenLinesArrived.add(log.get("status").asText());
            }
            cursor = log.get("nextCursor").asText();
            if (log.get("complete").asBoolean()) {
                return call("GET", "/api/v1/appservers/" + appServerId, null, null).body();
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the launch of " + appServerId + " did not settle");
    }

    static void eventually(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("never: " + what);
    }

    @Test
    void blueGreenFromLaunchToTermination() throws Exception {
        String instance = createInstance("demo", "berth_test_deploy_seconds: 2\n");
        eventually(() -> site("demo.localhost:8081", null)[0].equals("503"), "the being-set-up page");
        assertTrue(site("demo.localhost", null)[1].contains("is being set up"));

        String a = launch(instance);
        List<String> lines = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        JsonNode serverA = awaitSettled(a, lines, statuses);
        assertEquals("running", serverA.get("status").asText(), serverA.toString());
        assertTrue(statuses.contains("configuring"), "log lines arrive while it deploys: " + statuses);
        assertEquals("berth: deployment finished", lines.get(lines.size() - 1));
        assertEquals(lines.size(), lines.stream().distinct().count() + countRepeatedTaskLines(lines), "no line twice");

        JsonNode preview = serverA.get("preview");
        eventually(() -> site(preview.get("host").asText(), null)[0].equals("401"), "the preview link asks for credentials");
        String basic = "Basic " + Base64.getEncoder().encodeToString((preview.get("username").asText() + ":"
                + preview.get("password").asText()).getBytes(StandardCharsets.UTF_8));
        eventually(() -> site(preview.get("host").asText(), basic)[0].equals("200"), "the preview link with its credentials");
        assertTrue(site(preview.get("host").asText(), basic)[1].contains(a));

        // Two people click activate with the same ETag: exactly one wins.
        String etagA = call("GET", "/api/v1/appservers/" + a, null, null).etag();
        var pool = Executors.newFixedThreadPool(2);
        var clicks = List.of(pool.submit(() -> call("POST", "/api/v1/appservers/" + a + "/activate", null, etagA).status()),
                pool.submit(() -> call("POST", "/api/v1/appservers/" + a + "/activate", null, etagA).status()));
        List<Integer> outcomes = List.of(clicks.get(0).get(), clicks.get(1).get());
        pool.shutdown();
        assertTrue(outcomes.contains(202) && (outcomes.contains(412) || outcomes.contains(409)), outcomes.toString());
        eventually(() -> site("demo.localhost", null)[1].contains(a), "the domain serves A");

        String b = launch(instance);
        assertEquals("running", awaitSettled(b, new ArrayList<>(), new ArrayList<>()).get("status").asText());
        assertEquals(202, call("POST", "/api/v1/appservers/" + b + "/activate", null, call("GET", "/api/v1/appservers/" + b, null, null).etag()).status());
        eventually(() -> site("demo.localhost", null)[1].contains(b), "the domain switches to B");
        assertFalse(call("GET", "/api/v1/appservers/" + a, null, null).body().get("active").asBoolean());

        assertEquals(409, call("POST", "/api/v1/appservers/" + b + "/terminate", null, call("GET", "/api/v1/appservers/" + b, null, null).etag()).status());
        assertEquals(409, call("POST", "/api/v1/appservers/" + b + "/deactivate", null, "*").status(), "production stays up");
        assertEquals(202, call("POST", "/api/v1/appservers/" + a + "/terminate", null, call("GET", "/api/v1/appservers/" + a, null, null).etag()).status());
        eventually(() -> site(preview.get("host").asText(), basic)[0].equals("404"), "A's VM and preview are gone");
        assertEquals("terminated", call("GET", "/api/v1/appservers/" + a, null, null).body().get("status").asText());
        assertTrue(site("demo.localhost", null)[1].contains(b));
        JsonNode execution = call("GET", "/api/v1/appservers/" + b + "/execution", null, null).body();
        assertEquals("SUCCEEDED", execution.get("status").asText());
        assertTrue(execution.get("events").toString().contains("CheckHeartbeat"));
        // What B's launch cost the control plane, from the runtime's records (issue 19.5).
        JsonNode cost = call("GET", "/api/v1/appservers/" + b + "/cost", null, null).body();
        long transitions = execution.get("events").findValuesAsText("type").stream().filter(t -> t.endsWith("StateEntered")).count();
        assertEquals(transitions, cost.at("/usage/stateTransitions").asLong(), cost.toString());
        assertTrue(cost.at("/usage/lambdaInvocations").asLong() >= 3 && cost.at("/usage/lambdaGbSeconds").asDouble() > 0, cost.toString());
        assertTrue(cost.at("/usage/dynamoDbReadUnits").asDouble() > 0 && cost.at("/usage/dynamoDbWriteUnits").asDouble() > 0,
                "DynamoDB Local answers the consumed capacity asked of every request: " + cost);
        assertEquals(transitions * 0.000025, cost.at("/dollars/stepFunctions").asDouble(), 1e-8);
        assertEquals(cost.at("/dollars/stepFunctions").asDouble() + cost.at("/dollars/lambda").asDouble() + cost.at("/dollars/dynamoDb").asDouble(),
                cost.at("/dollars/total").asDouble(), 1e-7);
        assertEquals(404, call("GET", "/api/v1/appservers/as-nosuchserver000000000000/cost", null, null).status());
    }

    private static long countRepeatedTaskLines(List<String> lines) {
        // "ok: [localhost]" legitimately repeats after every task; everything else is unique.
        return lines.stream().filter(l -> l.equals("ok: [localhost]")).count() - 1;
    }

    @Test
    void aFailingDeploymentEndsFailedWithItsLogTail() throws Exception {
        String instance = createInstance("broken", "berth_test_deploy_seconds: 1\nberth_test_exit_code: 3\n");
        JsonNode server = awaitSettled(launch(instance), new ArrayList<>(), new ArrayList<>());
        assertEquals("failed", server.get("status").asText(), server.toString());
        assertTrue(server.get("failureReason").asText().contains("exited with 3"), server.toString());
        assertTrue(server.get("failureReason").asText().contains("FAILED!"), "the reason ends with the log tail");
        assertTrue(server.get("vm").get("ipv4").isTextual(), "the VM is kept for debugging");
    }

    @Test
    void aVmThatNeverAnswersSshEndsInErrorAfterTheDeadline() throws Exception {
        String instance = createInstance("silent", "berth_test_vm: no-ssh\n");
        JsonNode server = awaitSettled(launch(instance), new ArrayList<>(), new ArrayList<>());
        assertEquals("error", server.get("status").asText(), server.toString());
        assertTrue(server.get("failureReason").asText().contains("did not answer SSH"), server.toString());
    }

    @Test
    void anInstanceThatStopsAnsweringHasOneIncidentAndOneNoticeUntilItAnswersAgain() throws Exception {
        String instance = createInstance("watched", "berth_test_deploy_seconds: 1\n");
        String server = launch(instance);
        assertEquals("running", awaitSettled(server, new ArrayList<>(), new ArrayList<>()).get("status").asText());
        assertEquals(202, call("POST", "/api/v1/appservers/" + server + "/activate", null, "*").status());
        eventually(() -> site("watched.localhost", null)[0].equals("200"), "the instance is served");
        assertEquals(200, call("POST", "/api/v1/jobs/monitor-instances/run", null, null).status());
        assertTrue(incidents(instance).isEmpty(), "a healthy instance has no incident");

        // The application stops answering (its web server answers 503 without its page).
        Path www = system.cloud().compute().directoryOf(call("GET", "/api/v1/appservers/" + server, null, null).body()
                .at("/vm/serverId").asText()).orElseThrow().resolve("www");
        Path page = www.resolve("index.html");
        byte[] saved = Files.readAllBytes(page);
        Files.delete(page);
        for (int run = 0; run < 3; run++) {
            JsonNode report = call("POST", "/api/v1/jobs/monitor-instances/run", null, null).body();
            assertTrue(report.get("problems").isEmpty(), report.toString());
        }
        List<JsonNode> open = incidents(instance);
        assertEquals(1, open.size(), "one incident, however many checks fail: " + open);
        assertEquals("open", open.get(0).get("status").asText());
        assertEquals("http://watched.localhost/", open.get(0).get("url").asText().replace(":" + proxyPort, ""));
        assertEquals(List.of("down"), kinds(instance), "one notice: no alert storm");
        JsonNode detail = call("GET", "/api/v1/incidents/" + open.get(0).get("id").asText(), null, null).body();
        assertEquals("delivered", detail.at("/notices/0/channels/recording").asText(), detail.toString());

        Files.write(page, saved);
        call("POST", "/api/v1/jobs/monitor-instances/run", null, null);
        JsonNode closed = call("GET", "/api/v1/incidents/" + open.get(0).get("id").asText(), null, null).body();
        assertEquals("closed", closed.get("status").asText(), closed.toString());
        assertEquals(List.of("down", "recovered"), kinds(instance));
        assertTrue(call("GET", "/api/v1/incidents?status=open&instanceId=" + instance, null, null).body().get("items").isEmpty());
        assertTrue(Files.readString(system.cloud().root().resolve("notifications.jsonl")).contains("Site watched answers again"));
    }

    @Test
    void theRenewalJobIssuesTheLocalCertificateAndTheProxyServesItOverHttps() throws Exception {
        String instance = createInstance("secure", "berth_test_deploy_seconds: 1\n");
        String server = launch(instance);
        assertEquals("running", awaitSettled(server, new ArrayList<>(), new ArrayList<>()).get("status").asText());
        assertEquals(202, call("POST", "/api/v1/appservers/" + server + "/activate", null, "*").status());
        eventually(() -> site("secure.localhost", null)[0].equals("200"), "the instance is served");

        JsonNode report = call("POST", "/api/v1/jobs/renew-certificates/run", null, null).body();
        assertTrue(report.get("problems").isEmpty(), report.toString());
        assertTrue(report.get("actions").toString().contains("issued a certificate for localhost, *.localhost, *.preview.localhost"), report.toString());
        JsonNode again = call("POST", "/api/v1/jobs/renew-certificates/run", null, null).body();
        assertFalse(again.get("actions").toString().contains("issued"), "not due a second time: " + again);
        assertTrue(call("GET", "/api/v1/audit?target=tls:localhost", null, null).body().toString().contains("certificate.issue"));

        assertTrue(report.get("actions").toString().contains("issued a certificate for secure.localhost, *.secure.localhost"), report.toString());

        // The proxy's certificates now are the ones the job issued, their chains leading to the local authority: the instance's
        // own for its name and its sub-sites (one level deeper than *.localhost), one made on demand for other names.
        for (String[] expected : List.of(new String[] {"secure.localhost", "secure.localhost"}, new String[] {"studio.secure.localhost", "secure.localhost"},
                new String[] {"other.localhost", null})) {
            String host = expected[0];
            javax.net.ssl.SSLContext context = system.cloud().certificateAuthority().clientContext();
            try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket("127.0.0.1",
                    system.cloud().tlsPort())) {
                javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
                parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName(host)));
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
                socket.setSSLParameters(parameters);
                socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(host.startsWith("other") ? "404" : "200", response.substring(9, 12), response);
                assertTrue(host.startsWith("other") || response.contains(server), "the instance's page, over HTTPS");
                java.security.cert.X509Certificate leaf = (java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0];
                if (expected[1] == null) {
                    // No certificate names it (a browser refuses *.localhost): the local proxy made one at its first handshake.
                    assertEquals(system.cloud().certificateAuthority().root().getSubjectX500Principal(), leaf.getIssuerX500Principal());
                    continue;
                }
                String issued = call("GET", "/api/v1/audit?target=tls:" + expected[1], null, null).body().toString();
                assertTrue(issued.contains(java.util.HexFormat.of().formatHex(leaf.getSerialNumber().toByteArray())), host + ": " + issued);
            }
        }
    }

    @Test
    void aCampaignRedeploysInBatchesStopsOnTooManyFailuresAndCanBeCancelled() throws Exception {
        String one = servedInstance("fleet-one");
        String two = servedInstance("fleet-two");
        String oldOne = call("GET", "/api/v1/instances/" + one, null, null).body().at("/activeAppServerIds/0").asText();

        Response created = call("POST", "/api/v1/campaigns", JSON.createObjectNode().set("filter", JSON.createObjectNode()
                .set("instanceIds", JSON.createArrayNode().add(one).add(two))).toString().replace("}}", "},\"batchSize\":2}"), null);
        assertEquals(202, created.status(), String.valueOf(created.body()));
        String campaign = created.body().get("id").asText();
        JsonNode done = awaitCampaign(campaign, () -> {
            for (String instance : List.of(one, two)) {
                assertFalse(call("GET", "/api/v1/instances/" + instance, null, null).body().get("activeAppServerIds").isEmpty(),
                        "an instance that was served stays served throughout the campaign");
            }
        });
        assertEquals("succeeded", done.get("state").asText(), done.toString());
        assertEquals(2, done.at("/counts/done").asInt(), done.toString());
        assertEquals("activated: the health gate passed", done.at("/items/0/reason").asText(), "done only once the gate passed");
        String newOne = done.at("/items/0/appServerId").asText();
        assertNotEquals(oldOne, newOne);
        assertEquals(List.of(newOne), List.of(call("GET", "/api/v1/instances/" + one, null, null).body().at("/activeAppServerIds/0").asText()),
                "the new app server is the active one");
        eventually(() -> site("fleet-one.localhost", null)[1].contains(newOne), "the site is served by the new app server");

        // An instance whose deployments fail: with no failure tolerated, the campaign stops and skips the rest.
        String broken = createInstance("fleet-broken", "berth_test_deploy_seconds: 1\nberth_test_exit_code: 3\n");
        Response stopping = call("POST", "/api/v1/campaigns", "{\"filter\":{\"instanceIds\":[\"" + broken + "\",\"" + one
                + "\"]},\"batchSize\":1,\"maxFailures\":0}", null);
        JsonNode stopped = awaitCampaign(stopping.body().get("id").asText(), () -> { });
        assertEquals("failed", stopped.get("state").asText(), stopped.toString());
        assertEquals("failed", stopped.at("/items/0/state").asText());
        assertTrue(stopped.at("/items/0/reason").asText().contains("ended failed"), stopped.toString());
        assertEquals("skipped", stopped.at("/items/1/state").asText(), "the rest is skipped once too many failed");
        assertTrue(stopped.get("reason").asText().contains("more than the 0 tolerated"), stopped.toString());
        assertEquals(newOne, call("GET", "/api/v1/instances/" + one, null, null).body().at("/activeAppServerIds/0").asText());

        // Cancelled at once: what has not started is skipped, nothing more is activated.
        Response cancelling = call("POST", "/api/v1/campaigns", "{\"filter\":{\"instanceIds\":[\"" + two + "\",\"" + one
                + "\"]},\"batchSize\":1}", null);
        String cancelId = cancelling.body().get("id").asText();
        Response cancelled = call("POST", "/api/v1/campaigns/" + cancelId + "/cancel", null, "*"); // it moves on: its first ETag is stale at once
        assertEquals(200, cancelled.status(), String.valueOf(cancelled.body()));
        JsonNode over = awaitCampaign(cancelId, () -> { });
        assertEquals("cancelled", over.get("state").asText());
        assertEquals("skipped", over.at("/items/1/state").asText(), over.toString());
        assertEquals(newOne, call("GET", "/api/v1/instances/" + one, null, null).body().at("/activeAppServerIds/0").asText());
        assertEquals(409, call("POST", "/api/v1/campaigns/" + cancelId + "/cancel", null, "*").status(), "a campaign ends once");
        assertEquals(422, call("POST", "/api/v1/campaigns", "{\"filter\":{}}", null).status(), "a filter must say which instances");
    }

    /** Something to check while waiting. */
    private interface Check {
        void run() throws Exception;
    }

    private static String servedInstance(String subDomain) throws Exception {
        String instance = createInstance(subDomain, "berth_test_deploy_seconds: 1\n");
        String server = launch(instance);
        assertEquals("running", awaitSettled(server, new ArrayList<>(), new ArrayList<>()).get("status").asText());
        assertEquals(202, call("POST", "/api/v1/appservers/" + server + "/activate", null, "*").status());
        return instance;
    }

    /** Waits for the campaign to end (and for its execution, which may still be finishing), checking {@code meanwhile} as it goes. */
    private static JsonNode awaitCampaign(String id, Check meanwhile) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        JsonNode campaign = null;
        while (System.nanoTime() < deadline) {
            meanwhile.run();
            campaign = call("GET", "/api/v1/campaigns/" + id, null, null).body();
            boolean executionOver = system.stateMachines().executions().stream().noneMatch(e -> e.name().equals(id)
                    && e.status() == dev.berth.asl.AslExecution.Status.RUNNING);
            if (!campaign.get("state").asText().equals("running") && executionOver) {
                return campaign;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the campaign did not end: " + campaign);
    }

    private static List<JsonNode> incidents(String instanceId) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        call("GET", "/api/v1/incidents?instanceId=" + instanceId, null, null).body().get("items").forEach(found::add);
        return found;
    }

    private static List<String> kinds(String instanceId) {
        return system.cloud().notifications().sent().stream().filter(n -> n.instanceId().equals(instanceId))
                .map(n -> n.kind().name().toLowerCase(java.util.Locale.ROOT)).toList();
    }
}
