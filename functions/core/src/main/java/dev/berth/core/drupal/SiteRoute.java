package dev.berth.core.drupal;

import dev.berth.core.repository.Document;
import java.time.Instant;

/**
 * A path of the sites' host: {@code site} serves a site there, {@code redirect} answers a redirect
 * to {@code destination}. Only active routes reach the load balancer and web servers.
 */
public record SiteRoute(String id, String type, String status, boolean activeOnLaunch, String source, String destination, Integer redirectCode,
                        String siteId, Instant createdAt, Instant updatedAt, long version) implements Document {

    public boolean active() {
        return "active".equals(status);
    }

    public java.util.Set<String> keys() {
        return java.util.Set.of("source:" + source);
    }

    public SiteRoute withStatus(String newStatus, Instant now) {
        return new SiteRoute(id, type, newStatus, activeOnLaunch, source, destination, redirectCode, siteId, createdAt, now, version + 1);
    }
}
