package dev.berth.core.drupal;

import dev.berth.core.repository.Document;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Drupal site on the shared web servers: served at {@code /<path>} of the sites' host, its code
 * (core, profile, packages by code item id), typed settings, update group and environment, and
 * the dates of its lifecycle. {@code statsTokenHash} is the hash of its statistics credential.
 */
public record Site(String id, String path, SiteStatus status, String coreId, String profileId, List<String> packages, Settings settings,
                   int updateGroup, String environment, Map<String, Instant> dates, String statsTokenHash, String failureReason,
                   Instant createdAt, Instant updatedAt, long version) implements Document {

    /** Typed settings written into the site's settings file. */
    public record Settings(String siteName, int pageCacheMaxAge, boolean maintenanceMode) {
        public static final Settings DEFAULT = new Settings(null, 300, false);
    }

    public Site {
        packages = List.copyOf(packages);
        dates = new TreeMap<>(dates);
    }

    public java.util.Set<String> keys() {
        return java.util.Set.of("path:" + path);
    }

    public Site with(SiteStatus newStatus, String date, Instant now) {
        Map<String, Instant> next = new TreeMap<>(dates);
        if (date != null) {
            next.put(date, now);
        }
        return new Site(id, path, newStatus, coreId, profileId, packages, settings, updateGroup, environment, next, statsTokenHash, null, createdAt, now,
                version + 1);
    }

    public Site failed(String reason, Instant now) {
        return new Site(id, path, status, coreId, profileId, packages, settings, updateGroup, environment, dates, statsTokenHash, reason, createdAt, now,
                version + 1);
    }

    public Site withCode(String core, String profile, List<String> newPackages, Instant now) {
        return new Site(id, path, status, core, profile, newPackages, settings, updateGroup, environment, dates, statsTokenHash, failureReason,
                createdAt, now, version + 1);
    }

    public Site withDetails(String newPath, Settings newSettings, int group, String env, Instant now) {
        return new Site(id, newPath, status, coreId, profileId, packages, newSettings, group, env, dates, statsTokenHash, failureReason, createdAt, now,
                version + 1);
    }
}
