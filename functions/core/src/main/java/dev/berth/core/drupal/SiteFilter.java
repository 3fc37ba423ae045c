package dev.berth.core.drupal;

import java.util.List;

/**
 * Which sites a command targets: every non-empty part must match (statuses, environments, update
 * groups, a package among the site's, a path prefix). A small, closed language: never a query.
 */
public record SiteFilter(List<String> statuses, List<String> environments, List<Integer> updateGroups, List<String> packages, String pathPrefix) {

    public SiteFilter {
        statuses = statuses == null ? List.of() : List.copyOf(statuses);
        environments = environments == null ? List.of() : List.copyOf(environments);
        updateGroups = updateGroups == null ? List.of() : List.copyOf(updateGroups);
        packages = packages == null ? List.of() : List.copyOf(packages);
    }

    public boolean matches(Site site) {
        return (statuses.isEmpty() || statuses.contains(site.status().wireName()))
                && (environments.isEmpty() || environments.contains(site.environment()))
                && (updateGroups.isEmpty() || updateGroups.contains(site.updateGroup()))
                && (packages.isEmpty() || site.packages().stream().anyMatch(packages::contains))
                && (pathPrefix == null || site.path().startsWith(pathPrefix));
    }
}
