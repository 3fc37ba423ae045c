package dev.berth.core.domain;

import java.time.Instant;

/** One line of an app server's deployment log; {@code sequence} orders them and is the tail cursor. */
public record LogLine(long sequence, Instant time, String text) {
}
