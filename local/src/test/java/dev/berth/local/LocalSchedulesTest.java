package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalSchedulesTest {
    @Test
    void readsEventBridgeRateExpressions() {
        assertEquals(Duration.ofMinutes(15), LocalSchedules.period("rate(15 minutes)"));
        assertEquals(Duration.ofHours(1), LocalSchedules.period("rate(1 hour)"));
        assertEquals(Duration.ofDays(1), LocalSchedules.period("rate(1 day)"));
        assertNull(LocalSchedules.period("cron(0 12 * * ? *)"));
    }
}
