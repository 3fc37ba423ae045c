package dev.berth.core.drupal;

import dev.berth.core.repository.Document;
import java.time.Instant;
import java.util.Map;

/** What a site reports of itself daily (nodes, users by role, last edit and login, cron...): a schema-checked document. */
public record SiteStatistics(String id, Map<String, Object> document, Instant updatedAt, long version) implements Document {
}
