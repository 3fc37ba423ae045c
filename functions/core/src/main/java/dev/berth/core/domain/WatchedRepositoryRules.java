package dev.berth.core.domain;

import dev.berth.core.openedx.TutorReleases;
import dev.berth.core.error.BerthException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Validation of watched repositories, naming every invalid field. */
public final class WatchedRepositoryRules {
    private static final Pattern FULL_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}");
    private static final Pattern HOST = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,99})");
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");
    /** GitHub's author_association values. */
    public static final Set<String> AUTHOR_ASSOCIATIONS = Set.of("OWNER", "MEMBER", "COLLABORATOR", "CONTRIBUTOR",
            "FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER", "MANNEQUIN", "NONE");
    private final ExtraSettings yaml;

    public WatchedRepositoryRules(int settingsMaxBytes) {
        this.yaml = new ExtraSettings(settingsMaxBytes);
    }

    public void validate(WatchedRepository r) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (r.fullName() == null || !FULL_NAME.matcher(r.fullName()).matches()) {
            errors.put("fullName", "must be a GitHub repository name such as owner/repo");
        }
        if (r.baseDomain() == null || r.baseDomain().length() > 200 || !HOST.matcher(r.baseDomain()).matches()) {
            errors.put("baseDomain", "must be a lower-case domain name such as sandboxes.example.com");
        }
        yaml.check(r.defaultSettings()).ifPresent(problem -> errors.put("defaultSettings", problem));
        if (r.openedxRelease() != null && TutorReleases.find(r.openedxRelease()).isEmpty()) {
            errors.put("openedxRelease", "must be one of " + TutorReleases.names());
        }
        if (r.tutorVersion() != null && !r.tutorVersion().matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            errors.put("tutorVersion", "must be a Tutor version such as 21.0.11");
        }
        r.allowedSettingsKeys().stream().filter(k -> !KEY.matcher(k).matches()).findFirst()
                .ifPresent(k -> errors.put("allowedSettingsKeys", "'" + k + "' is not a settings key (letters, digits, _)"));
        if (r.githubOrganization() != null && !NAME.matcher(r.githubOrganization()).matches()) {
            errors.put("githubOrganization", "must be a GitHub organization login");
        }
        if (r.githubTeam() != null && (r.githubOrganization() == null || !NAME.matcher(r.githubTeam()).matches())) {
            errors.put("githubTeam", "must be a team slug, and needs githubOrganization");
        }
        r.allowedAuthorAssociations().stream().filter(a -> !AUTHOR_ASSOCIATIONS.contains(a)).findFirst()
                .ifPresent(a -> errors.put("allowedAuthorAssociations", "'" + a + "' is not one of " + AUTHOR_ASSOCIATIONS));
        if (r.labelGate() != null && (r.labelGate().isBlank() || r.labelGate().length() > 50)) {
            errors.put("labelGate", "must be a label name of 1 to 50 characters");
        }
        if (r.maxConcurrentSandboxes() < 1 || r.maxConcurrentSandboxes() > 100) {
            errors.put("maxConcurrentSandboxes", "must be from 1 to 100");
        }
        if (r.keepDaysAfterClose() < 0 || r.keepDaysAfterClose() > 365) {
            errors.put("keepDaysAfterClose", "must be from 0 to 365");
        }
        if (!errors.isEmpty()) {
            throw BerthException.invalid(errors);
        }
    }
}
