package dev.berth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.json.Json;
import dev.berth.core.json.LogLines;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** One structured line per request: request id, route, ids, status, duration and the token's id, never its secret. */
class StructuredLogTest {

    @Test
    void aRequestLeavesOneLineWithoutTheSecret() throws Exception {
        List<String> lines = new ArrayList<>();
        Consumer<String> previous = LogLines.sendTo(lines::add);
        try {
            ApiRoot root = TestApi.inMemory();
            LambdaClient api = new LambdaClient(root);
            String id = api.createInstance("Logged", "logged").body().get("id").asText();
            JsonNode token = api.post("/api/v1/tokens", "{\"name\":\"reader\",\"role\":\"viewer\"}").body();
            String secret = token.get("token").asText();
            lines.clear();
            Path sample = Path.of(System.getProperty("berth.root", "../..")).resolve("events/api/get-instance.json");
            String event = Files.readString(sample).replace("in-01jdemo0000000000000000000", id)
                    .replace("brt_0123456789ab_replacewithyourtokensecret0123456789ab", secret);
            new InstancesHandler(root).handleRequest(new ByteArrayInputStream(event.getBytes()), new ByteArrayOutputStream(), null);
            assertEquals(1, lines.size(), lines.toString());
            JsonNode line = Json.MAPPER.readTree(lines.get(0));
            assertEquals("request", line.get("kind").asText());
            assertEquals("GET /api/v1/instances/{id}", line.get("route").asText());
            assertEquals(id, line.get("id").asText());
            assertEquals(200, line.get("status").asInt());
            assertEquals("token:" + token.get("id").asText(), line.get("actor").asText());
            assertFalse(lines.get(0).contains(secret.substring(secret.lastIndexOf('_') + 1)), "never the token's secret");
            assertEquals("JKJaXmPLvHcESHA=", line.get("requestId").asText());
        } finally {
            LogLines.sendTo(previous);
        }
    }
}
