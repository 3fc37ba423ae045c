package dev.berth.core.domain;

import dev.berth.core.error.BerthException;
import dev.berth.core.openedx.TutorOverrides;
import dev.berth.core.openedx.TutorPlugins;
import dev.berth.core.openedx.TutorReleases;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation of instance settings. Collects every problem, each under the name of its field, so
 * that a form can show them all at once.
 */
public final class InstanceRules {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern VERSION = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern IMAGE = Pattern.compile(
            "[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]{1,5})?(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(@sha256:[0-9a-f]{64})?");
    private static final int MAX_NAME = 200;

    private final Set<String> subDomainBlacklist;
    private final Set<String> allowedPlugins;
    private final TutorOverrides overrides;

    public InstanceRules(Set<String> subDomainBlacklist, int extraSettingsMaxBytes, Set<String> allowedPlugins) {
        this.subDomainBlacklist = Set.copyOf(subDomainBlacklist);
        this.allowedPlugins = Set.copyOf(allowedPlugins);
        this.overrides = new TutorOverrides(new ExtraSettings(extraSettingsMaxBytes));
    }

    /** Throws {@link BerthException} (422) naming every invalid field. */
    private static final Pattern CLOUD_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,254}");
    private static final int MAX_USER_DATA = 16 * 1024;

    /** Names the cloud will look up, at most 5 extra groups, and user data cloud-init reads (at most 16 KB, as Nova takes it). */
    private static void checkCompute(ComputeSettings c, Map<String, String> errors) {
        if (c.flavor() != null && !CLOUD_NAME.matcher(c.flavor()).matches()) {
            errors.put("compute.flavor", "must be a flavor name or id (letters, digits, . _ : -)");
        }
        if (c.image() != null && !CLOUD_NAME.matcher(c.image()).matches()) {
            errors.put("compute.image", "must be an image name or id (letters, digits, . _ : -)");
        }
        if (c.securityGroups().size() > 5 || c.securityGroups().stream().anyMatch(g -> g == null || !CLOUD_NAME.matcher(g).matches())) {
            errors.put("compute.securityGroups", "must be at most 5 security group names (letters, digits, . _ : -)");
        }
        if (c.userData() != null && (c.userData().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_USER_DATA
                || !c.userData().startsWith("#cloud-config") && !c.userData().startsWith("#!"))) {
            errors.put("compute.userData", "must be cloud-init user data (#cloud-config or a #! script) of at most 16 KB");
        }
    }

    public void validate(InstanceSettings s) {
        Map<String, String> errors = new LinkedHashMap<>();
        DisplayNames.problem(s.name(), MAX_NAME).ifPresent(problem -> errors.put("name", problem));
        checkSubDomain(s.subDomain(), errors);
        checkHostName("baseDomain", s.baseDomain(), errors);
        checkPrefixes(s.domainPrefixes(), errors);
        checkCompute(s.compute(), errors);
        var release = TutorReleases.find(s.openedxRelease());
        if (release.isEmpty()) {
            errors.put("openedxRelease", "must be one of " + TutorReleases.names());
        }
        if (s.tutorVersion() != null && (!VERSION.matcher(s.tutorVersion()).matches()
                || release.isPresent() && TutorReleases.major(s.tutorVersion()) != release.get().tutorMajor())) {
            errors.put("tutorVersion", "must be a Tutor version of the release's major" + release.map(r -> " (" + r.tutorMajor() + ".x.y)").orElse(""));
        }
        checkPlugins(s.plugins(), release.map(TutorReleases.Release::tutorMajor).orElse(0), errors);
        if (!GitSources.isRepositoryUrl(s.edxPlatformRepo())) {
            errors.put("edxPlatformRepo", GitSources.URL_PROBLEM);
        }
        if (s.edxPlatformRef() != null && !GitSources.isRef(s.edxPlatformRef())) {
            errors.put("edxPlatformRef", GitSources.REF_PROBLEM);
        }
        if (s.dockerImage() != null && (s.dockerImage().length() > 255 || !IMAGE.matcher(s.dockerImage()).matches())) {
            errors.put("dockerImage", "must be an image reference such as registry.example.com/openedx:21.0.11");
        }
        checkTheme(s.theme(), errors);
        if (!errors.containsKey("subDomain") && !errors.containsKey("baseDomain") && !errors.containsKey("domainPrefixes")) {
            for (String host : s.domains().all()) {
                if (host.length() > 253) {
                    errors.put("subDomain", "makes the domain " + host + " longer than 253 characters");
                    break;
                }
            }
        }
        int major = release.map(TutorReleases.Release::tutorMajor).orElse(TutorReleases.get(TutorReleases.DEFAULT).tutorMajor());
        overrides.check(s.extraSettings(), major, s.pluginNames()).ifPresent(problem -> errors.put("extraSettings", problem));
        if (!InstanceSettings.REBUILD_SCHEDULES.contains(s.rebuildSchedule())) {
            errors.put("rebuildSchedule", "must be one of " + InstanceSettings.REBUILD_SCHEDULES);
        }
        if (s.ownerEmail() != null && (!EMAIL.matcher(s.ownerEmail()).matches() || s.ownerEmail().length() > 254)) {
            errors.put("ownerEmail", "must be an e-mail address");
        }
        if (!errors.isEmpty()) {
            throw BerthException.invalid(errors);
        }
    }

    private void checkPlugins(List<TutorPlugin> plugins, int major, Map<String, String> errors) {
        Set<String> seen = new HashSet<>();
        for (TutorPlugin plugin : plugins) {
            var known = TutorPlugins.find(plugin.name());
            String problem = null;
            if (known.isEmpty() || !allowedPlugins.contains(plugin.name())) {
                problem = "'" + plugin.name() + "' is not an allowed plugin (allowed: " + allowedPlugins.stream().sorted().toList() + ")";
            } else if (major > 0 && (major < known.get().firstMajor() || major > known.get().lastMajor())) {
                problem = "'" + plugin.name() + "' does not exist for Tutor " + major;
            } else if (plugin.version() != null && (!VERSION.matcher(plugin.version()).matches()
                    || major > 0 && TutorReleases.major(plugin.version()) != major)) {
                problem = "'" + plugin.name() + "' version must be " + major + ".x.y";
            } else if (!seen.add(plugin.name())) {
                problem = "'" + plugin.name() + "' is listed twice";
            }
            if (problem != null) {
                errors.put("plugins", problem);
                return;
            }
        }
    }

    private static void checkTheme(Theme theme, Map<String, String> errors) {
        if (theme == null) {
            return;
        }
        if (theme.name() == null || !DNS_LABEL.matcher(theme.name()).matches()) {
            errors.put("theme.name", "must be a theme name (lower-case letters, digits, hyphens)");
        }
        if (theme.repository() != null && !GitSources.isRepositoryUrl(theme.repository())) {
            errors.put("theme.repository", GitSources.URL_PROBLEM);
        }
        if (theme.ref() != null && (theme.repository() == null || !GitSources.isRef(theme.ref()))) {
            errors.put("theme.ref", theme.repository() == null ? "needs theme.repository" : GitSources.REF_PROBLEM);
        }
    }

    private void checkSubDomain(String subDomain, Map<String, String> errors) {
        if (subDomain == null || subDomain.isEmpty()) {
            errors.put("subDomain", "is required");
        } else if (!DNS_LABEL.matcher(subDomain).matches()) {
            errors.put("subDomain", "must be a DNS label: 1 to 63 lower-case letters, digits or hyphens, "
                    + "not starting or ending with a hyphen");
        } else if (subDomainBlacklist.contains(subDomain)) {
            errors.put("subDomain", "'" + subDomain + "' is reserved");
        }
    }

    private static void checkHostName(String field, String host, Map<String, String> errors) {
        if (host == null || host.isEmpty()) {
            errors.put(field, "is required");
            return;
        }
        for (String label : host.split("\\.", -1)) {
            if (!DNS_LABEL.matcher(label).matches()) {
                errors.put(field, "must be a lower-case domain name such as example.com");
                return;
            }
        }
    }

    private static void checkPrefixes(DomainPrefixes prefixes, Map<String, String> errors) {
        for (Map.Entry<String, String> entry : prefixes.asMap().entrySet()) {
            String value = entry.getValue();
            if (value == null || !DNS_LABEL.matcher(value).matches()) {
                errors.put("domainPrefixes." + entry.getKey(), "must be a DNS label");
            }
        }
        if (prefixes.asMap().values().stream().distinct().count() < prefixes.asMap().size()) {
            errors.put("domainPrefixes", "must all be different");
        }
    }
}
