package dev.berth.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.DurationDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.YearMonthDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.DurationSerializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import com.fasterxml.jackson.datatype.jsr310.ser.YearMonthSerializer;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;

/**
 * The one configured Jackson mapper of Berth (building one costs start-up time; configuring them
 * alike keeps parsing rules the same everywhere): strict input (no duplicate keys, no trailing
 * data, no unknown fields in step records), nulls left out of what it writes, instants as ISO-8601 text.
 * It is built on first use, which costs a cold start about 40 ms: request paths handle trees with
 * {@link JsonTrees} and leave the mapper to values bound to records.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .registerModule(javaTime())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Json() {
    }

    /**
     * The java.time types Berth's values hold, with the jsr310 module's own (de)serializers. The whole
     * JavaTimeModule builds 70-odd of them at start, which a cold start pays for (issue 19.1); any other
     * java.time type fails loudly ("not supported by default") until it is added here.
     */
    private static SimpleModule javaTime() {
        return new SimpleModule("berth-java-time")
                .addSerializer(Instant.class, InstantSerializer.INSTANCE)
                .addDeserializer(Instant.class, InstantDeserializer.INSTANT)
                .addSerializer(Duration.class, DurationSerializer.INSTANCE)
                .addDeserializer(Duration.class, DurationDeserializer.INSTANCE)
                .addSerializer(YearMonth.class, YearMonthSerializer.INSTANCE)
                .addDeserializer(YearMonth.class, YearMonthDeserializer.INSTANCE);
    }

    /** A value as JSON text (records, maps, lists). */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Not writable as JSON: " + value.getClass().getName(), e);
        }
    }

    /** A value read back from what {@link #write} wrote. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Not a " + type.getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
