package dev.berth.cli.nouns;

import dev.berth.cli.resource.Column;
import dev.berth.cli.resource.Resource;
import dev.berth.cli.resource.ResourceCommand;
import dev.berth.cli.resource.ShowVerb;
import dev.berth.cli.resource.Verb;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** What a Drupal site reported about itself (written with the site's own statistics token). */
@Command(name = "statistics", description = "A Drupal site's statistics, as the site reported them")
public final class StatisticsCommand extends ResourceCommand {
    static final Resource STATISTICS = new Resource("statistics", "statistics", "/api/v1/statistics", Column.of("siteId")) {
        @Override
        public String idField() {
            return "siteId";
        }
    };

    @Override
    protected Resource resource() {
        return STATISTICS;
    }

    @Override
    protected Map<String, Verb> verbs() {
        Map<String, Verb> verbs = new LinkedHashMap<>();
        verbs.put("show", new ShowVerb(STATISTICS) {
            @Override
            public String description() {
                return "Show a site's statistics (nodes, users by role, days since the last edit and login, storage, cron, versions)";
            }
        });
        return verbs;
    }
}
