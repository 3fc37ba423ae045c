package dev.berth.core.drupal;

import dev.berth.core.repository.Document;
import java.time.Instant;
import java.util.List;

/**
 * Commands run across the sites a filter matches: drush commands (validated words, quoted when
 * run) and built-in hooks ({@code @clear-caches}, {@code @fix-permissions},
 * {@code @rewrite-settings}, {@code @import-code}). {@code singleServer}: on one web server only.
 */
public record SiteCommand(String id, String label, List<String> commands, SiteFilter filter, boolean singleServer, Instant createdAt,
                          Instant updatedAt, long version) implements Document {
    public SiteCommand {
        commands = List.copyOf(commands);
    }
}
