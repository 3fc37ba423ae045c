package dev.berth.core.repository;

import java.time.Duration;
import java.time.Instant;

/** Webhook deliveries already received (by delivery id), kept {@link #KEEP}: a redelivery has no second effect. */
public interface Deliveries {
    Duration KEEP = Duration.ofDays(3);

    /** True the first time a delivery id is seen. */
    boolean firstTime(String deliveryId, Instant now);
}
