package dev.berth.local.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LambdaProxyResponsesTest {
    private final LambdaProxyResponses responses = new LambdaProxyResponses(new ObjectMapper());

    private HttpResult read(String json) throws Exception {
        return responses.toHttp(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsStatusHeadersCookiesAndBody() throws Exception {
        HttpResult r = read("""
                {"statusCode": 201, "headers": {"ETag": "\\"v1\\"", "Location": "/x", "X-Number": 5},
                 "cookies": ["a=1; Path=/", "b=2"], "body": "{\\"ok\\":true}", "isBase64Encoded": false,
                 "multiValueHeaders": {"X-Ignored": ["1", "2"]}}""");
        assertEquals(201, r.status());
        assertEquals(List.of(Map.entry("ETag", "\"v1\""), Map.entry("Location", "/x"), Map.entry("X-Number", "5"),
                Map.entry("Set-Cookie", "a=1; Path=/"), Map.entry("Set-Cookie", "b=2")), r.headers());
        assertEquals("{\"ok\":true}", new String(r.body(), StandardCharsets.UTF_8));
    }

    @Test
    void decodesBase64Bodies() throws Exception {
        HttpResult r = read("{\"statusCode\": 200, \"body\": \"AAEC/w==\", \"isBase64Encoded\": true}");
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 255}, r.body());
    }

    @Test
    void aNoContentResponseHasNoBody() throws Exception {
        HttpResult r = read("{\"statusCode\": 204, \"headers\": {}}");
        assertEquals(204, r.status());
        assertEquals(0, r.body().length);
    }

    @Test
    void jsonWithoutStatusCodeIsInferredAsA200JsonBody() throws Exception {
        HttpResult r = read("{\"hello\": \"world\"}");
        assertEquals(200, r.status());
        assertEquals(List.of(Map.entry("Content-Type", "application/json")), r.headers());
        assertEquals("{\"hello\":\"world\"}", new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("plain", new String(read("\"plain\"").body(), StandardCharsets.UTF_8));
    }

    @Test
    void outputThatIsNotAProxyResponseIsMalformed() {
        assertThrows(LambdaProxyResponses.MalformedResponseException.class, () -> read("not json"));
        assertThrows(LambdaProxyResponses.MalformedResponseException.class, () -> read(""));
        assertThrows(LambdaProxyResponses.MalformedResponseException.class, () -> read("{\"statusCode\": \"abc\"}"));
        assertThrows(LambdaProxyResponses.MalformedResponseException.class, () -> read("{\"statusCode\": 99}"));
        var e = assertThrows(LambdaProxyResponses.MalformedResponseException.class,
                () -> read("{\"statusCode\": 200, \"body\": \"***\", \"isBase64Encoded\": true}"));
        assertTrue(e.getMessage().contains("base64"));
    }
}
