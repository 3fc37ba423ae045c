package dev.berth.core.domain;

import dev.berth.core.openedx.TutorPlugins;
import dev.berth.core.openedx.TutorReleases;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an operator edits on an instance: its names and what Tutor deploys. A launch snapshots
 * these into the app server, so later edits only affect new app servers.
 *
 * @param openedxRelease a named release ({@link TutorReleases}: ulmo, teak...)
 * @param tutorVersion   null: the release's pinned Tutor; else a version of the same major
 * @param edxPlatformRef null: the release's default ref; else a branch, tag or commit
 * @param dockerImage    null: Tutor's image (or one built from a custom repository/ref)
 * @param extraSettings  YAML: Tutor configuration overrides (keys Berth owns are refused)
 * @param rebuildSchedule {@code off}, {@code daily} or {@code weekly}: relaunched on that schedule to pick up new
 *                        commits of its branches (the rebuild-instances job), the old app server active until then
 * @param profile        the setting profile it follows, or null: each launch takes the profile's current defaults
 *                       for the fields the instance does not set itself
 * @param compute        flavor, image, extra security groups and cloud-init user data, where they differ from the stack's
 * @param profileOverrides the profile fields the instance sets itself (in its create body or a change): a launch keeps them
 */
public record InstanceSettings(
        String name,
        String subDomain,
        String baseDomain,
        DomainPrefixes domainPrefixes,
        String openedxRelease,
        String tutorVersion,
        List<TutorPlugin> plugins,
        String edxPlatformRepo,
        String edxPlatformRef,
        String dockerImage,
        Theme theme,
        String extraSettings,
        boolean ephemeralDatabases,
        String ownerEmail,
        boolean allowMultipleActive,
        String rebuildSchedule,
        String profile,
        ComputeSettings compute,
        List<String> profileOverrides) {
    public static final List<String> REBUILD_SCHEDULES = List.of("off", "daily", "weekly");

    public InstanceSettings {
        plugins = plugins == null ? List.of() : List.copyOf(plugins);
        rebuildSchedule = rebuildSchedule == null ? "off" : rebuildSchedule;
        compute = compute == null ? ComputeSettings.NONE : compute;
        profileOverrides = profileOverrides == null ? List.of() : profileOverrides.stream().distinct().sorted().toList();
    }

    /** Settings that set no field over a profile's. */
    public InstanceSettings(String name, String subDomain, String baseDomain, DomainPrefixes domainPrefixes, String openedxRelease,
                            String tutorVersion, List<TutorPlugin> plugins, String edxPlatformRepo, String edxPlatformRef, String dockerImage,
                            Theme theme, String extraSettings, boolean ephemeralDatabases, String ownerEmail, boolean allowMultipleActive,
                            String rebuildSchedule, String profile, ComputeSettings compute) {
        this(name, subDomain, baseDomain, domainPrefixes, openedxRelease, tutorVersion, plugins, edxPlatformRepo, edxPlatformRef, dockerImage,
                theme, extraSettings, ephemeralDatabases, ownerEmail, allowMultipleActive, rebuildSchedule, profile, compute, List.of());
    }

    /** Settings that are never rebuilt on a schedule, from no profile. */
    public InstanceSettings(String name, String subDomain, String baseDomain, DomainPrefixes domainPrefixes, String openedxRelease,
                            String tutorVersion, List<TutorPlugin> plugins, String edxPlatformRepo, String edxPlatformRef, String dockerImage,
                            Theme theme, String extraSettings, boolean ephemeralDatabases, String ownerEmail, boolean allowMultipleActive) {
        this(name, subDomain, baseDomain, domainPrefixes, openedxRelease, tutorVersion, plugins, edxPlatformRepo, edxPlatformRef, dockerImage,
                theme, extraSettings, ephemeralDatabases, ownerEmail, allowMultipleActive, "off", null, ComputeSettings.NONE);
    }

    public List<String> pluginNames() {
        return plugins.stream().map(TutorPlugin::name).toList();
    }

    /** The Tutor version the app server installs. */
    public String effectiveTutorVersion() {
        return tutorVersion != null ? tutorVersion : TutorReleases.get(openedxRelease).tutorVersion();
    }

    /** The edx-platform ref Tutor builds or runs. */
    public String effectivePlatformRef() {
        return edxPlatformRef != null ? edxPlatformRef : TutorReleases.get(openedxRelease).platformRef();
    }

    /**
     * Every site the instance serves: the LMS, Studio, the preview site while Tutor has one
     * (up to Teak), and the sites of the enabled plugins (MFEs, discovery...).
     */
    public Domains domains() {
        String lms = subDomain + "." + baseDomain;
        Map<String, String> sites = new LinkedHashMap<>();
        sites.put("studio", domainPrefixes.studio() + "." + lms);
        if (TutorReleases.find(openedxRelease).map(TutorReleases.Release::hasPreviewHost).orElse(false)) {
            sites.put("preview", domainPrefixes.preview() + "." + lms);
        }
        for (String plugin : pluginNames()) {
            TutorPlugins.find(plugin).map(TutorPlugins.Plugin::hostRole)
                    .ifPresent(role -> sites.put(role, domainPrefixes.label(role) + "." + lms));
        }
        return new Domains(lms, sites);
    }
}
