package dev.berth.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The java.time values Berth keeps, written and read as they were with the whole JavaTimeModule. */
class JsonTest {
    record Stamped(Instant at, Duration took, YearMonth month, Map<String, Instant> seen) {
    }

    @Test
    void timeValuesAreIsoTextAndComeBackEqual() {
        Stamped value = new Stamped(Instant.parse("2026-11-29T23:59:01.123Z"), Duration.ofSeconds(90, 5), YearMonth.of(2026, 11),
                Map.of("first", Instant.parse("2026-01-02T03:04:05Z")));
        String json = Json.write(value);
        assertEquals("{\"at\":\"2026-11-29T23:59:01.123Z\",\"took\":90.000000005,\"month\":\"2026-11\",\"seen\":{\"first\":\"2026-01-02T03:04:05Z\"}}", json);
        assertEquals(value, Json.read(json, Stamped.class));
        assertEquals(Instant.ofEpochSecond(1_800_000_000L), Json.read("{\"at\":1800000000}", Stamped.class).at(), "epoch seconds are read too");
    }

    @Test
    void aTimeTypeNotRegisteredFailsLoudly() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of("day", LocalDate.of(2026, 11, 29))));
        assertTrue(failure.getCause().getMessage().contains("not supported by default"), failure.getCause().getMessage());
    }
}
