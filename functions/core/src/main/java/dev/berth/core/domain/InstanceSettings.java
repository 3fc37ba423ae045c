package dev.berth.core.domain;

/**
 * What an operator edits on an instance: its names and what to deploy. A launch snapshots these
 * into the app server, so later edits only affect new app servers.
 */
public record InstanceSettings(
        String name,
        String subDomain,
        String baseDomain,
        DomainPrefixes domainPrefixes,
        String openedxRelease,
        String configurationRepo,
        String configurationVersion,
        String edxPlatformRepo,
        String edxPlatformCommit,
        String extraSettings,
        boolean ephemeralDatabases,
        String ownerEmail,
        boolean allowMultipleActive) {

    public Domains domains() {
        return Domains.of(subDomain, baseDomain, domainPrefixes);
    }
}
