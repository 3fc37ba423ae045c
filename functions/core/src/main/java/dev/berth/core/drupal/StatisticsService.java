package dev.berth.core.drupal;

import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.auth.TokenFormat;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.Documents;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Sites' statistics: each site writes its own document with its own credential
 * ({@code <sid>.<secret>}, given once at the site's creation), which can write nothing else;
 * If-Match like every item. The schema is closed and the size bounded.
 */
public final class StatisticsService {
    private static final int MAX_BYTES = 16 * 1024;
    private static final Set<String> NUMBERS = Set.of("nodes", "daysSinceLastEdit", "daysSinceLastLogin", "storageBytes");
    private static final Set<String> TEXTS = Set.of("cronLastRun", "drupalVersion", "theme");

    private final Documents<SiteStatistics> statistics;
    private final Documents<Site> sites;
    private final Clock clock;

    public StatisticsService(Documents<SiteStatistics> statistics, Documents<Site> sites, Clock clock) {
        this.statistics = statistics;
        this.sites = sites;
        this.clock = clock;
    }

    /** @param credential the site's statistics credential, from the Authorization header's bearer value */
    public SiteStatistics put(String credential, String siteId, Long expectedVersion, Map<String, Object> document, int size) {
        Site site = sites.find(siteId).orElse(null);
        String hash = credential == null || site == null || !credential.startsWith(siteId + ".") ? null
                : TokenFormat.hash(siteId + ":" + credential.substring(siteId.length() + 1));
        if (hash == null || !java.security.MessageDigest.isEqual(hash.getBytes(), site.statsTokenHash().getBytes())) {
            throw BerthException.unauthorized("A site's statistics are written with that site's own credential");
        }
        if (size > MAX_BYTES) {
            throw BerthException.tooLarge("Statistics are at most " + MAX_BYTES + " bytes");
        }
        check(document);
        Instant now = clock.instant();
        SiteStatistics current = statistics.find(siteId).orElse(null);
        if (current == null) {
            if (expectedVersion != null) {
                throw BerthException.stale(0);
            }
            SiteStatistics created = new SiteStatistics(siteId, document, now, 1);
            statistics.create(created, Set.of(), null);
            return created;
        }
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw BerthException.stale(current.version());
        }
        SiteStatistics updated = new SiteStatistics(siteId, document, now, current.version() + 1);
        statistics.update(current, updated, Set.of(), Set.of(), null);
        return updated;
    }

    public SiteStatistics get(Principal caller, String siteId) {
        caller.require(Role.VIEWER);
        return statistics.get(siteId, "Statistics");
    }

    private static void check(Map<String, Object> document) {
        for (Map.Entry<String, Object> field : document.entrySet()) {
            String key = field.getKey();
            Object value = field.getValue();
            boolean ok = NUMBERS.contains(key) ? value instanceof Integer || value instanceof Long
                    : TEXTS.contains(key) ? value instanceof String s && s.length() <= 200
                    : "usersByRole".equals(key) && value instanceof Map<?, ?> roles && roles.size() <= 50
                    && roles.entrySet().stream().allMatch(e -> e.getKey() instanceof String r && r.matches("[a-z0-9_]{1,64}")
                    && e.getValue() instanceof Integer);
            if (!ok) {
                throw BerthException.invalid(key, "is not a statistics field, or has the wrong type (numbers: " + NUMBERS + ", texts: " + TEXTS
                        + ", usersByRole: role → count)");
            }
        }
    }
}
