package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.local.testing.EchoHandler;
import dev.berth.local.testing.Repo;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** The runtime end to end over real HTTP, on a small template whose handlers live in the test sources. */
class LocalRuntimeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.create(LocalOptions.forTest(Repo.testTemplate()).withEnvironment(Map.of(
                "BERTH_FEATURE", "on", "BERTH_ADMIN_TOKEN", "brt_this-is-the-admin-token", "PATH", "/usr/bin",
                "BERTH_DYNAMODB_ENDPOINT", "http://elsewhere:1")), Repo.testHandlers("hello from a component"));
        runtime.start();
    }

    @AfterAll
    static void stop() {
        runtime.stop();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder at(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(runtime.apiUrl() + pathAndQuery));
    }

    @Test
    void aRequestReachesItsHandlerAsAPayload2EventAndTheResponseComesBack() throws Exception {
        HttpResponse<String> response = send(at("/things/a%20b?status=202&tag=1&tag=2")
                .header("X-Trace", "abc").header("Cookie", "session=s1; theme=dark").GET());
        assertEquals(202, response.statusCode());
        assertEquals("yes", response.headers().firstValue("x-echo").orElseThrow());
        assertEquals(List.of("a=1; Path=/", "b=2"), response.headers().allValues("set-cookie"));

        JsonNode echoed = JSON.readTree(response.body());
        JsonNode event = echoed.path("event");
        assertEquals("2.0", event.path("version").asText());
        assertEquals("GET /things/{id}", event.path("routeKey").asText());
        assertEquals("/things/a%20b", event.path("rawPath").asText());
        assertEquals("a b", event.path("pathParameters").path("id").asText());
        assertEquals("1,2", event.path("queryStringParameters").path("tag").asText());
        assertEquals("abc", event.path("headers").path("x-trace").asText());
        assertEquals(JSON.valueToTree(List.of("session=s1", "theme=dark")), event.path("cookies"));
        assertEquals("127.0.0.1", event.path("requestContext").path("http").path("sourceIp").asText());
        assertEquals("$default", event.path("requestContext").path("stage").asText());
        assertEquals(event.path("requestContext").path("requestId").asText(), echoed.path("context").path("requestId").asText());
        assertEquals("EchoFunction", echoed.path("context").path("functionName").asText());
        long remaining = echoed.path("context").path("remainingMillis").asLong();
        assertTrue(remaining > 0 && remaining <= 10_000, "the template's Timeout (10 s) bounds the remaining time: " + remaining);
    }

    @Test
    void handlersGetTheTemplateEnvironmentResolvedAndTheRuntimesSettings() throws Exception {
        JsonNode echoed = JSON.readTree(send(at("/things/1").GET()).body());
        JsonNode env = echoed.path("env");
        assertEquals("Things", env.path("BERTH_TABLE").asText());
        assertEquals("localhost", env.path("BERTH_BASE_DOMAIN").asText());
        assertTrue(env.path("BERTH_CURSOR_SECRET").asText().length() >= 32);
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:EchoFunction", env.path("ECHO_SELF").asText());
        assertEquals(runtime.dynamoDb().endpoint(), env.path("BERTH_DYNAMODB_ENDPOINT").asText(), "the runtime's own setting wins");
        assertEquals("us-east-1", env.path("AWS_REGION").asText());
        assertEquals("true", env.path("BERTH_LOCAL").asText());
        assertEquals("on", env.path("BERTH_FEATURE").asText(), "BERTH_* settings pass through");
        assertFalse(env.has("PATH"), "other process variables do not");
        assertFalse(env.has("BERTH_ADMIN_TOKEN"), "the admin token stays with the runtime");
        assertEquals("hello from a component", echoed.path("greeting").asText(), "handlers are built by the runtime's catalog, with its adapters");
    }

    @Test
    void binaryBodiesTravelBase64InBothDirections() throws Exception {
        byte[] sent = {0, 1, 2, (byte) 200};
        HttpResponse<String> response = send(at("/things/1").header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(sent)));
        JsonNode event = JSON.readTree(response.body()).path("event");
        assertTrue(event.path("isBase64Encoded").asBoolean());
        assertArrayEquals(sent, java.util.Base64.getDecoder().decode(event.path("body").asText()));

        HttpResponse<byte[]> binary = HTTP.send(at("/things/1?binary=1").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 255}, binary.body());
        assertEquals("application/octet-stream", binary.headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void greedyRoutesTakeAnyMethodAndTheRestOfThePath() throws Exception {
        JsonNode event = JSON.readTree(send(at("/files/a/b/c.txt").method("PUT", HttpRequest.BodyPublishers.ofString("x"))).body())
                .path("event");
        assertEquals("ANY /files/{proxy+}", event.path("routeKey").asText());
        assertEquals("a/b/c.txt", event.path("pathParameters").path("proxy").asText());
    }

    @Test
    void unknownRoutesAre404AndOtherMethods405Json() throws Exception {
        HttpResponse<String> none = send(at("/nothing/here").GET());
        assertEquals(404, none.statusCode());
        assertEquals("application/json", none.headers().firstValue("content-type").orElseThrow());
        JsonNode body = JSON.readTree(none.body());
        assertEquals("not_found", body.path("error").asText());
        assertEquals("No route for GET /nothing/here", body.path("message").asText());
        HttpResponse<String> other = send(at("/things/1").DELETE());
        assertEquals(405, other.statusCode());
        assertEquals("method_not_allowed", JSON.readTree(other.body()).path("error").asText());
        assertTrue(other.headers().firstValue("allow").orElseThrow().startsWith("GET"), other.headers().toString());
    }

    @Test
    void aFailingHandlerIsAnInternalServerErrorAsOnApiGateway() throws Exception {
        HttpResponse<String> boom = send(at("/boom").GET());
        assertEquals(500, boom.statusCode());
        assertEquals("Internal Server Error", JSON.readTree(boom.body()).path("message").asText());
        HttpResponse<String> garbage = send(at("/garbage").GET());
        assertEquals(500, garbage.statusCode());
        assertEquals("Internal Server Error", JSON.readTree(garbage.body()).path("message").asText());
        // The runtime stays healthy afterwards.
        assertEquals(200, send(at("/things/1").GET()).statusCode());
    }

    @Test
    void aFunctionWhoseHandlerIsNotBuiltYetIsAWarningAnd503NotAFailedStart() throws Exception {
        assertTrue(runtime.warnings().stream().anyMatch(w -> w.contains("NotWrittenYetFunction")), runtime.warnings().toString());
        HttpResponse<String> later = send(at("/later").GET());
        assertEquals(503, later.statusCode());
        JsonNode body = JSON.readTree(later.body());
        assertEquals("function_unavailable", body.path("error").asText());
        assertTrue(body.path("message").asText().contains("dev.berth.local.testing.NoSuchHandler"), body.toString());
    }

    @Test
    void aFunctionWhoseConstructorFailsIsAWarningAnd503WithTheReason() throws Exception {
        assertTrue(runtime.warnings().stream().anyMatch(w -> w.contains("MisconfiguredFunction") && w.contains("OS_AUTH_URL")),
                runtime.warnings().toString());
        HttpResponse<String> response = send(at("/misconfigured").GET());
        assertEquals(503, response.statusCode());
        assertTrue(JSON.readTree(response.body()).path("message").asText().contains("needs OS_AUTH_URL"), response.body());
    }

    @Test
    void bodiesOverTenMegabytesAreRefusedWith413() throws Exception {
        byte[] big = new byte[10 * 1024 * 1024 + 1];
        HttpResponse<String> response = send(at("/things/1").header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)));
        assertEquals(413, response.statusCode());
        assertEquals("payload_too_large", JSON.readTree(response.body()).path("error").asText());
        byte[] fits = new byte[10 * 1024 * 1024];
        assertEquals(200, send(at("/things/1").header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(fits))).statusCode());
    }

    @Test
    void theTemplatesTablesExistWithTheirIndexesAndTtl() {
        TableDescription table = runtime.dynamoDb().client().describeTable(r -> r.tableName("Things")).table();
        assertEquals("PK", table.keySchema().get(0).attributeName());
        assertEquals("GSI1", table.globalSecondaryIndexes().get(0).indexName());
        assertEquals(ProjectionType.KEYS_ONLY, table.globalSecondaryIndexes().get(0).projection().projectionType());
        assertEquals(IndexStatus.ACTIVE, table.globalSecondaryIndexes().get(0).indexStatus());
        var ttl = runtime.dynamoDb().client().describeTimeToLive(r -> r.tableName("Things")).timeToLiveDescription();
        assertEquals(TimeToLiveStatus.ENABLED, ttl.timeToLiveStatus());
        assertEquals("expiresAt", ttl.attributeName());
    }

    @Test
    void dynamoDbLocalListensOnLoopbackOnly() {
        assertTrue(runtime.dynamoDb().listensOnLoopbackOnly());
    }

    @Test
    void theAdminTokenComesFromTheEnvironmentAndIsStoredAsAHashOnly() {
        assertEquals("brt_this-is-the-admin-token", runtime.adminToken().orElseThrow());
        assertFalse(runtime.adminTokenGenerated());
        var items = runtime.dynamoDb().client().scan(r -> r.tableName("Things")).items();
        assertFalse(items.isEmpty(), "the token record is there");
        assertTrue(items.stream().noneMatch(i -> i.toString().contains("brt_this-is-the-admin-token")), "never in clear");
    }

    @Test
    void functionsCanBeInvokedDirectlyByArnForStateMachinesAndSchedules() throws Exception {
        String output = new String(runtime.functions().get("arn:aws:lambda:us-east-1:123456789012:function:EchoFunction")
                .invoke("{\"rawPath\":\"/direct\"}".getBytes(), "r-1"));
        assertTrue(output.contains("\\\"rawPath\\\":\\\"/direct\\\""), output);
    }

    @Test
    void aComponentFailingAtStartStopsWhatStartedAndReleasesThePort() throws Exception {
        LocalRuntime failing = LocalRuntime.create(LocalOptions.forTest(Repo.testTemplate()), Repo.testHandlers(null));
        failing.add(Component.of("broken", () -> {
            throw new IllegalStateException("cannot start");
        }, Component.Action.NONE));
        IllegalStateException e = assertThrows(IllegalStateException.class, failing::start);
        assertEquals("cannot start", e.getMessage());
        int port = failing.http().port();
        try (java.net.ServerSocket again = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertEquals(port, again.getLocalPort(), "the HTTP port is free again");
        }
        assertThrows(Exception.class, () -> failing.dynamoDb().client().listTables(), "DynamoDB Local was stopped");
    }

    @Test
    void aBusyPortFailsAtStartWithAClearMessage() throws Exception {
        LocalRuntime second = LocalRuntime.create(new LocalOptions(Repo.testTemplate(), runtime.http().port(), null, Map.of()), Repo.testHandlers(null));
        BindException e = assertThrows(BindException.class, second::start);
        assertTrue(e.getMessage().contains("already in use") && e.getMessage().contains("--port"), e.getMessage());
    }
}
