package dev.berth.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request path's trees, without the mapper, are the mapper's trees: read, written and converted alike. */
class JsonTreesTest {
    private static final List<String> TEXTS = List.of(
            "{\"version\":\"2.0\",\"headers\":{\"a\":\"b\"},\"isBase64Encoded\":false,\"body\":null}",
            "[1,2147483648,123456789012345678901234567890,-0.5,1e300,true,false,null,\"\\u00e9\\n\\\"<>&\",[],{}]",
            "\"text\"", "42", "{\"deep\":{\"list\":[{\"x\":[[]]}]}}", "{\"emoji\":\"\\ud83d\\ude80\",\"tab\":\"\\t\"}");

    @Test
    void parsedAndWrittenAsTheMapperDoes() throws Exception {
        for (String text : TEXTS) {
            JsonNode expected = Json.MAPPER.readTree(text);
            JsonNode tree = JsonTrees.parse(text.getBytes(StandardCharsets.UTF_8));
            assertEquals(expected, tree, text);
            assertEquals(expected, JsonTrees.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))), text);
            assertEquals(Json.MAPPER.writeValueAsString(expected), JsonTrees.text(tree), text);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JsonTrees.write(tree, out);
            assertEquals(new String(Json.MAPPER.writeValueAsBytes(expected), StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void duplicateKeysTrailingDataAndNothingAreRefused() {
        for (String text : List.of("{\"a\":1,\"a\":2}", "{\"a\":1} {}", "{\"a\":1}]", "", "   ", "{\"a\":", "[1,]", "{'a':1}", "NaN")) {
            assertThrows(JsonProcessingException.class, () -> JsonTrees.parse(text.getBytes(StandardCharsets.UTF_8)), text);
            assertThrows(JsonProcessingException.class, () -> Json.MAPPER.readTree(text.isBlank() ? "{" : text), "the mapper refuses it too: " + text);
        }
    }

    @Test
    void plainValuesBecomeTheTreesTheMapperMakes() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "demo");
        value.put("count", 3);
        value.put("big", 5_000_000_000L);
        value.put("ratio", 0.25);
        value.put("exact", new BigDecimal("1.10"));
        value.put("on", true);
        value.put("left out", null);
        value.put("at", Instant.parse("2026-11-29T10:00:00.5Z"));
        value.put("list", new ArrayList<>(Arrays.asList("a", null, 1)));
        value.put("nested", Map.of("k", List.of(Map.of("x", 1))));
        JsonNode expected = Json.MAPPER.valueToTree(value);
        assertEquals(expected, JsonTrees.valueOf(value));
        assertEquals(Json.MAPPER.valueToTree(List.of(1, "two")), JsonTrees.valueOf(List.of(1, "two")));
        assertTrue(JsonTrees.valueOf(null).isNull());
        record Point(int x, int y) {
        }
        assertEquals(Json.MAPPER.valueToTree(new Point(1, 2)), JsonTrees.valueOf(new Point(1, 2)), "anything else through the mapper");
    }
}
