package dev.berth.core.drupal;

import dev.berth.core.port.Workflows;
import dev.berth.core.repository.Repositories;
import java.time.Clock;

/** The Drupal fleet's use cases, built from their ports with plain constructors. */
public final class Drupal {
    private final CodeService code;
    private final SiteService sites;
    private final SiteRouteService routes;
    private final SiteCommandService commands;
    private final StatisticsService statistics;
    private final DrupalConfig config;

    public Drupal(Repositories r, Workflows workflows, DrupalConfig config, boolean localGit, Clock clock) {
        this.config = config;
        this.code = new CodeService(r.codeItems(), r.sites(), workflows, localGit, clock);
        this.sites = new SiteService(r.sites(), r.codeItems(), r.siteRoutes(), workflows, config, clock);
        this.routes = new SiteRouteService(r.siteRoutes(), r.sites(), workflows, clock);
        this.commands = new SiteCommandService(r.siteCommands(), r.commandExecutions(), r.sites(), workflows, clock);
        this.statistics = new StatisticsService(r.siteStatistics(), r.sites(), clock);
    }

    public CodeService code() {
        return code;
    }

    public SiteService sites() {
        return sites;
    }

    public SiteRouteService routes() {
        return routes;
    }

    public SiteCommandService commands() {
        return commands;
    }

    public StatisticsService statistics() {
        return statistics;
    }

    public DrupalConfig config() {
        return config;
    }
}
