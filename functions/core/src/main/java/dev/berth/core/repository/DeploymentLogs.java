package dev.berth.core.repository;

import dev.berth.core.domain.LogLine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** App servers' deployment logs, line by line; lines expire after {@link #RETENTION}. */
public interface DeploymentLogs {
    Duration RETENTION = Duration.ofDays(60);

    /** Appends lines numbered from {@code firstSequence}; re-appending the same numbers overwrites (idempotent). */
    void append(String appServerId, long firstSequence, List<String> lines, Instant at);

    /** Lines with a sequence greater than {@code after}, oldest first. */
    List<LogLine> read(String appServerId, long after, int limit);
}
