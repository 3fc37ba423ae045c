package dev.berth.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * JSON text to trees and back with jackson-core alone: what a request path parses and writes (API
 * events and bodies, responses, log lines) without building {@link Json#MAPPER}, whose first use costs a
 * cold start about 40 ms (issue 19.1: Jackson's date formats load the JDK's locale data). The mapper's
 * rules: duplicate keys and trailing data are refused; whole numbers become int, long or big-integer
 * nodes and others doubles, as {@code ObjectMapper.readTree} makes them; trees are written as it writes them.
 */
public final class JsonTrees {
    private static final JsonFactory TEXT = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private JsonTrees() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** One JSON value, and nothing after it. */
    public static JsonNode parse(InputStream in) throws IOException {
        try (JsonParser parser = TEXT.createParser(in)) {
            return parse(parser);
        }
    }

    public static JsonNode parse(byte[] text) throws IOException {
        try (JsonParser parser = TEXT.createParser(text)) {
            return parse(parser);
        }
    }

    private static JsonNode parse(JsonParser parser) throws IOException {
        if (parser.nextToken() == null) {
            throw new JsonParseException(parser, "No content: a JSON value was expected");
        }
        JsonNode value = value(parser);
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new JsonParseException(parser, "Trailing token (of type " + trailing + ") found after value");
        }
        return value;
    }

    private static JsonNode value(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = object();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, value(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = array();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                yield array;
            }
            case VALUE_STRING -> TextNode.valueOf(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> IntNode.valueOf(parser.getIntValue());
                case LONG -> LongNode.valueOf(parser.getLongValue());
                default -> BigIntegerNode.valueOf(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> DoubleNode.valueOf(parser.getDoubleValue());
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            case VALUE_NULL -> NullNode.instance;
            default -> throw new JsonParseException(parser, "Unexpected token " + parser.currentToken());
        };
    }

    public static void write(JsonNode tree, OutputStream out) throws IOException {
        try (JsonGenerator generator = TEXT.createGenerator(out)) {
            write(tree, generator);
        }
    }

    /** The tree as compact JSON text (what {@code JsonNode.toString()} gives, without building a mapper). */
    public static String text(JsonNode tree) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = TEXT.createGenerator(out)) {
            write(tree, generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonNode node, JsonGenerator generator) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                generator.writeStartObject();
                for (Map.Entry<String, JsonNode> property : node.properties()) {
                    generator.writeFieldName(property.getKey());
                    write(property.getValue(), generator);
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode element : node) {
                    write(element, generator);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> generator.writeNumber(node.intValue());
                    case LONG -> generator.writeNumber(node.longValue());
                    case BIG_INTEGER -> generator.writeNumber(node.bigIntegerValue());
                    case FLOAT -> generator.writeNumber(node.floatValue());
                    case DOUBLE -> generator.writeNumber(node.doubleValue());
                    case BIG_DECIMAL -> generator.writeNumber(node.decimalValue());
                }
            }
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case BINARY -> generator.writeBinary(node.binaryValue());
            case POJO -> generator.writeRawValue(Json.write(((POJONode) node).getPojo()));
            case NULL, MISSING -> generator.writeNull();
        }
    }

    /**
     * A plain value as a tree: maps (null entries left out, as the mapper writes them), collections,
     * text, numbers, booleans and instants (ISO-8601 text). Anything else, records included, goes
     * through {@link Json#MAPPER}.
     */
    public static JsonNode valueOf(Object value) {
        if (value == null) {
            return NullNode.instance;
        } else if (value instanceof JsonNode node) {
            return node;
        } else if (value instanceof String text) {
            return TextNode.valueOf(text);
        } else if (value instanceof Boolean bool) {
            return BooleanNode.valueOf(bool);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return IntNode.valueOf(((Number) value).intValue());
        } else if (value instanceof Long number) {
            return LongNode.valueOf(number);
        } else if (value instanceof Double number) {
            return DoubleNode.valueOf(number);
        } else if (value instanceof Float number) {
            return FloatNode.valueOf(number);
        } else if (value instanceof BigInteger number) {
            return BigIntegerNode.valueOf(number);
        } else if (value instanceof BigDecimal number) {
            return DecimalNode.valueOf(number);
        } else if (value instanceof Instant instant) {
            return TextNode.valueOf(instant.toString());
        } else if (value instanceof Map<?, ?> map) {
            ObjectNode object = object();
            map.forEach((key, entry) -> {
                if (entry != null) {
                    object.set(String.valueOf(key), valueOf(entry));
                }
            });
            return object;
        } else if (value instanceof Collection<?> collection) {
            ArrayNode array = array();
            collection.forEach(element -> array.add(valueOf(element)));
            return array;
        }
        return Json.MAPPER.valueToTree(value);
    }
}
