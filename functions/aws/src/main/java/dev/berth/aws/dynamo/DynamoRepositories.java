package dev.berth.aws.dynamo;

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
import dev.berth.core.repository.Cursors;
import dev.berth.core.repository.Repositories;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Every repository port on the one DynamoDB table (template.yaml's {@code Table}). */
public final class DynamoRepositories {
    private DynamoRepositories() {
    }

    public static Repositories create(DynamoDbClient client, String tableName, Cursors cursors) {
        DynamoTable table = new DynamoTable(client, tableName, cursors);
        return new Repositories(new DynamoInstances(table), new DynamoAppServers(table), new DynamoDeploymentLogs(table),
                new DynamoActiveSets(table), new DynamoApiTokens(table), new DynamoWatchedRepositories(table),
                new DynamoAuditLog(table), new DynamoLeases(client, tableName),
                new DynamoDataServers(table), new DynamoInstanceDataSets(table), new DynamoBackups(table),
                new DynamoNodes(table), new DynamoServices(table),
                new DynamoDocuments<>(table, "CODE", CodeItem.class, "Code item"),
                new DynamoDocuments<>(table, "SITE", Site.class, "Site"),
                new DynamoDocuments<>(table, "ROUTE", SiteRoute.class, "Route"),
                new DynamoDocuments<>(table, "COMMAND", SiteCommand.class, "Command"),
                new DynamoDocuments<>(table, "EXECUTION", CommandExecution.class, "Command execution"),
                new DynamoDocuments<>(table, "STATISTICS", SiteStatistics.class, "Statistics"),
                new DynamoDocuments<>(table, "INCIDENT", Incident.class, "Incident"),
                new DynamoDocuments<>(table, "CAMPAIGN", Campaign.class, "Campaign"),
                new DynamoDocuments<>(table, "PROFILE", SettingProfile.class, "Profile"),
                new DynamoDocuments<>(table, "DNS", DnsPublication.class, "DNS publication"),
                new DynamoDocuments<>(table, "TLS", TlsCertificate.class, "Certificate"),
                new DynamoDocuments<>(table, "REPORT", ReportRun.class, "Report"),
                new DynamoDocuments<>(table, "POOLVM", dev.berth.core.pool.PoolVm.class, "Pool VM"),
                new DynamoRoutingQueue(table));
    }
}
