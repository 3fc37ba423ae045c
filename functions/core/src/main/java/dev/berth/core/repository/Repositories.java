package dev.berth.core.repository;

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
        Services services) {
}
