package dev.berth.local.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.local.template.Template;
import dev.berth.local.testing.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ApiGatewayV2EventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ApiGatewayV2Events events = new ApiGatewayV2Events(JSON);
    private final RouteTable routes = RouteTable.fromTemplate(Template.load(Repo.template()));

    static Stream<Path> sampleEvents() throws IOException {
        Path folder = Repo.root().resolve("events/api");
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> samples = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertFalse(samples.isEmpty(), "samples under " + folder);
            return samples.stream();
        }
    }

    /**
     * The samples under events/ are the events API Gateway sends: replaying each one's request
     * through the runtime must produce the same event (the API id aside, which is "local" here).
     */
    @ParameterizedTest
    @MethodSource("sampleEvents")
    void buildsTheSampleEventsFromTheirRequests(Path sample) throws IOException {
        JsonNode expected = JSON.readTree(sample.toFile());
        JsonNode http = expected.path("requestContext").path("http");
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        expected.path("headers").fields().forEachRemaining(e -> headers.add(Map.entry(e.getKey(), e.getValue().asText())));
        expected.path("cookies").forEach(c -> headers.add(Map.entry("cookie", c.asText())));
        byte[] body = !expected.hasNonNull("body") ? new byte[0]
                : expected.path("isBase64Encoded").asBoolean() ? Base64.getDecoder().decode(expected.path("body").asText())
                : expected.path("body").asText().getBytes(StandardCharsets.UTF_8);
        IncomingRequest request = new IncomingRequest(http.path("method").asText(), expected.path("rawPath").asText(),
                expected.path("rawQueryString").asText(), http.path("protocol").asText(), headers, body,
                http.path("sourceIp").asText(), expected.path("requestContext").path("domainName").asText(),
                expected.path("requestContext").path("requestId").asText(),
                Instant.ofEpochMilli(expected.path("requestContext").path("timeEpoch").asLong()));
        RouteMatch match = routes.match(request.method(), request.rawPath()).orElseThrow();

        ObjectNode actual = events.build(request, match);
        ((ObjectNode) actual.path("requestContext")).put("apiId", expected.path("requestContext").path("apiId").asText());
        assertEquals(expected, actual, sample.getFileName().toString());
    }

    private static IncomingRequest request(String method, String path, String query, List<Map.Entry<String, String>> headers, byte[] body) {
        return new IncomingRequest(method, path, query, "HTTP/1.1", headers, body, "127.0.0.1", "localhost", "req-1",
                Instant.parse("2026-11-24T12:00:00Z"));
    }

    private static final RouteMatch ECHO = new RouteMatch(new Route("POST", "/things/{id}", "Echo"), Map.of("id", "7"));

    @Test
    void joinsRepeatedHeadersAndQueryValuesWithCommasAndLowerCasesHeaderNames() {
        ObjectNode event = events.build(request("POST", "/things/7", "tag=a&tag=b%20c&flag&x=%2F",
                List.of(Map.entry("X-Trace", "1"), Map.entry("x-trace", "2"), Map.entry("User-Agent", "test/1.0")), new byte[0]), ECHO);
        assertEquals("1,2", event.path("headers").path("x-trace").asText());
        assertEquals("a,b c", event.path("queryStringParameters").path("tag").asText());
        assertEquals("", event.path("queryStringParameters").path("flag").asText());
        assertEquals("/", event.path("queryStringParameters").path("x").asText());
        assertEquals("tag=a&tag=b%20c&flag&x=%2F", event.path("rawQueryString").asText());
        assertEquals("test/1.0", event.path("requestContext").path("http").path("userAgent").asText());
        assertEquals("24/Nov/2026:12:00:00 +0000", event.path("requestContext").path("time").asText());
        assertEquals("POST /things/{id}", event.path("routeKey").asText());
        assertEquals("7", event.path("pathParameters").path("id").asText());
        assertFalse(event.has("body"), "no body field without a body");
        assertFalse(event.has("cookies"));
    }

    @Test
    void cookiesGoToTheirOwnListNotToTheHeaders() {
        ObjectNode event = events.build(request("POST", "/things/7", "",
                List.of(Map.entry("Cookie", "a=1; b=2"), Map.entry("cookie", "c=3")), new byte[0]), ECHO);
        assertEquals(JSON.valueToTree(List.of("a=1", "b=2", "c=3")), event.path("cookies"));
        assertFalse(event.path("headers").has("cookie"));
        assertFalse(event.has("queryStringParameters"), "left out when there is no query");
    }

    @Test
    void textBodiesPassAsTheyAreOthersAreBase64() {
        byte[] bytes = {0, 1, 2, (byte) 0xff};
        ObjectNode binary = events.build(request("POST", "/things/7", "",
                List.of(Map.entry("Content-Type", "application/octet-stream")), bytes), ECHO);
        assertTrue(binary.path("isBase64Encoded").asBoolean());
        assertEquals(Base64.getEncoder().encodeToString(bytes), binary.path("body").asText());

        byte[] text = "{\"name\":\"é\"}".getBytes(StandardCharsets.UTF_8);
        ObjectNode json = events.build(request("POST", "/things/7", "",
                List.of(Map.entry("Content-Type", "application/merge-patch+json; charset=utf-8")), text), ECHO);
        assertFalse(json.path("isBase64Encoded").asBoolean());
        assertEquals("{\"name\":\"é\"}", json.path("body").asText());

        // HTTP APIs base64-encode form posts too.
        ObjectNode form = events.build(request("POST", "/things/7", "",
                List.of(Map.entry("Content-Type", "application/x-www-form-urlencoded")), "a=1".getBytes(StandardCharsets.UTF_8)), ECHO);
        assertTrue(form.path("isBase64Encoded").asBoolean());
    }

    @Test
    void requestIdsLookLikeApiGatewaysAndDiffer() {
        String a = ApiGatewayV2Events.newRequestId();
        String b = ApiGatewayV2Events.newRequestId();
        assertEquals(16, a.length());
        assertTrue(a.endsWith("="));
        assertFalse(a.equals(b));
    }
}
