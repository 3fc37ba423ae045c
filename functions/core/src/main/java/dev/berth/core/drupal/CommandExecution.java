package dev.berth.core.drupal;

import dev.berth.core.repository.Document;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One run of a command over its matching sites, with a result per site. {@code state}: {@code running} or {@code complete}. */
public record CommandExecution(String id, String commandId, String state, List<String> siteIds, Map<String, SiteResult> results,
                               Instant startedAt, Instant finishedAt, long version) implements Document {

    /** A site's outcome: the exit code of the first failing command (0: all passed), how long, the last lines. */
    public record SiteResult(int exitCode, long durationMs, String tail) {
    }

    public CommandExecution {
        siteIds = List.copyOf(siteIds);
        results = new TreeMap<>(results);
    }
}
