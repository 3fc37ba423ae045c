package dev.berth.core.domain;

import dev.berth.core.error.BerthException;
import java.util.LinkedHashMap;
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
    private static final Pattern REPO_URL = Pattern.compile("(https?://|ssh://|git@)[^\\s]+");
    private static final Pattern GIT_REF = Pattern.compile("[A-Za-z0-9._/+-]{1,200}");
    private static final int MAX_NAME = 200;

    private final Set<String> subDomainBlacklist;
    private final ExtraSettings extraSettings;

    public InstanceRules(Set<String> subDomainBlacklist, int extraSettingsMaxBytes) {
        this.subDomainBlacklist = Set.copyOf(subDomainBlacklist);
        this.extraSettings = new ExtraSettings(extraSettingsMaxBytes);
    }

    /** Throws {@link BerthException} (422) naming every invalid field. */
    public void validate(InstanceSettings s) {
        Map<String, String> errors = new LinkedHashMap<>();
        DisplayNames.problem(s.name(), MAX_NAME).ifPresent(problem -> errors.put("name", problem));
        checkSubDomain(s.subDomain(), errors);
        checkHostName("baseDomain", s.baseDomain(), errors);
        checkPrefixes(s.domainPrefixes(), errors);
        if (!errors.containsKey("subDomain") && !errors.containsKey("baseDomain") && !errors.containsKey("domainPrefixes")) {
            for (String host : s.domains().all()) {
                if (host.length() > 253) {
                    errors.put("subDomain", "makes the domain " + host + " longer than 253 characters");
                    break;
                }
            }
        }
        checkText("openedxRelease", s.openedxRelease(), GIT_REF, "must be a release name such as open-release/sumac.master", errors);
        checkText("configurationRepo", s.configurationRepo(), REPO_URL, "must be a git URL (https://, ssh:// or git@)", errors);
        checkText("configurationVersion", s.configurationVersion(), GIT_REF, "must be a branch, tag or commit", errors);
        checkText("edxPlatformRepo", s.edxPlatformRepo(), REPO_URL, "must be a git URL (https://, ssh:// or git@)", errors);
        checkText("edxPlatformCommit", s.edxPlatformCommit(), GIT_REF, "must be a branch, tag or commit", errors);
        extraSettings.check(s.extraSettings()).ifPresent(problem -> errors.put("extraSettings", problem));
        if (s.ownerEmail() != null && (!EMAIL.matcher(s.ownerEmail()).matches() || s.ownerEmail().length() > 254)) {
            errors.put("ownerEmail", "must be an e-mail address");
        }
        if (!errors.isEmpty()) {
            throw BerthException.invalid(errors);
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
        if (prefixes.asMap().values().stream().distinct().count() < 4) {
            errors.put("domainPrefixes", "must all be different");
        }
    }

    private static void checkText(String field, String value, Pattern pattern, String problem, Map<String, String> errors) {
        if (value == null || value.isEmpty()) {
            errors.put(field, "is required");
        } else if (value.length() > 500 || !pattern.matcher(value).matches()) {
            errors.put(field, problem);
        }
    }
}
