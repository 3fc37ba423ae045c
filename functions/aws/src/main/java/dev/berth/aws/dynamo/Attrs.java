package dev.berth.aws.dynamo;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reading and writing attribute values without null checks everywhere. */
final class Attrs {
    private Attrs() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static void putS(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    static void putTime(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value.toString()));
        }
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? null : value.s();
    }

    static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    static Integer intOrNull(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Integer.valueOf(value.n());
    }

    static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    static Instant time(Map<String, AttributeValue> item, String name) {
        String value = str(item, name);
        return value == null ? null : Instant.parse(value);
    }

    static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || !value.hasL()) {
            return List.of();
        }
        return value.l().stream().map(AttributeValue::s).toList();
    }

    static AttributeValue list(List<String> values) {
        return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
    }

    static Map<String, AttributeValue> map(Map<String, String> values) {
        Map<String, AttributeValue> out = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v != null) {
                out.put(k, AttributeValue.fromS(v));
            }
        });
        return out;
    }

    static Map<String, String> stringMap(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || !value.hasM()) {
            return Map.of();
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        value.m().forEach((k, v) -> out.put(k, v.s()));
        return out;
    }
}
