package dev.berth.core.repository;

import dev.berth.core.drupal.CodeItem;
import dev.berth.core.drupal.CommandExecution;
import dev.berth.core.drupal.Site;
import dev.berth.core.drupal.SiteCommand;
import dev.berth.core.drupal.SiteRoute;
import dev.berth.core.drupal.SiteStatistics;
import dev.berth.core.monitoring.Incident;
import dev.berth.core.campaign.Campaign;
import dev.berth.core.profile.SettingProfile;
import dev.berth.core.domain.DnsPublication;
import dev.berth.core.tls.TlsCertificate;
import dev.berth.core.report.ReportRun;

/** Every repository port of the core, as one adapter family provides them (DynamoDB, or in memory for tests). */
public record Repositories(
        Instances instances,
        AppServers appServers,
        DeploymentLogs logs,
        ActiveSets activeSets,
        ApiTokens tokens,
        WatchedRepositories watchedRepositories,
        AuditLog audit,
        Leases leases,
        DataServers dataServers,
        InstanceDataSets dataSets,
        Backups backups,
        Nodes nodes,
        Services services,
        Documents<CodeItem> codeItems,
        Documents<Site> sites,
        Documents<SiteRoute> siteRoutes,
        Documents<SiteCommand> siteCommands,
        Documents<CommandExecution> commandExecutions,
        Documents<SiteStatistics> siteStatistics,
        Documents<Incident> incidents,
        Documents<Campaign> campaigns,
        Documents<SettingProfile> profiles,
        Documents<DnsPublication> dnsPublications,
        Documents<TlsCertificate> certificates,
        Documents<ReportRun> reportRuns,
        Documents<dev.berth.core.pool.PoolVm> vmPool,
        RoutingQueue routingQueue) {
}
