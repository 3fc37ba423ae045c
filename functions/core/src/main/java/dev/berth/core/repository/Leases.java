package dev.berth.core.repository;

import java.time.Duration;
import java.time.Instant;

/**
 * Leases: one holder owns a name until it releases it or the lease runs out, so that a job
 * started twice at once runs once, and a crashed holder cannot block forever.
 */
public interface Leases {

    /** True if {@code holder} now holds {@code name} until {@code now + duration} (re-acquiring one's own lease extends it). */
    boolean acquire(String name, String holder, Duration duration, Instant now);

    /** Releases the lease if {@code holder} still holds it. */
    void release(String name, String holder);
}
