package dev.berth.core.profile;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.Documents;
import dev.berth.core.repository.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Setting profiles: admins define them, anyone who reads the fleet sees them, a create names one.
 * A profile's defaults are checked by the caller (the API reads them as instance settings) before
 * they reach here; changing a profile changes what new instances start from, not existing ones.
 */
public final class ProfileService {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    private final Documents<SettingProfile> profiles;
    private final Clock clock;

    public ProfileService(Documents<SettingProfile> profiles, Clock clock) {
        this.profiles = profiles;
        this.clock = clock;
    }

    /** The proposal is read (and its defaults checked) after the role check: a caller who may not define one learns nothing from a bad body. */
    public SettingProfile create(Principal caller, java.util.function.Supplier<SettingProfile> proposal) {
        caller.require(Role.ADMIN);
        SettingProfile proposed = proposal.get();
        String name = proposed.id();
        if (name == null || !NAME.matcher(name).matches()) {
            throw BerthException.invalid("name", "must be 1 to 40 lower-case letters, digits and -, starting with a letter");
        }
        Instant now = clock.instant();
        SettingProfile profile = new SettingProfile(name, proposed.description(), proposed.defaults(), now, now, 1);
        try {
            profiles.create(profile, Set.of(), new AuditEntry(name, "profile", "create", caller.actor(), now, null, 1L, "profile " + name + " defined"));
        } catch (BerthException e) {
            if (e.kind() == BerthException.Kind.CONFLICT) {
                throw BerthException.conflict("profile_exists", "A profile named " + name + " exists: change it instead", Map.of("name", name));
            }
            throw e;
        }
        return profile;
    }

    public Page<SettingProfile> list(Principal caller, int limit, String cursor) {
        caller.require(Role.VIEWER);
        return profiles.list(limit, cursor);
    }

    public SettingProfile get(Principal caller, String name) {
        caller.require(Role.VIEWER);
        return profiles.get(name, "Profile");
    }

    /** The defaults of a profile a create names, if it exists. */
    public Optional<SettingProfile> find(String name) {
        return profiles.find(name);
    }

    /** {@code change} gets the current profile (checked: the caller's If-Match, null for *) and answers the new one. */
    public SettingProfile change(Principal caller, String name, Long expectedVersion, UnaryOperator<SettingProfile> change) {
        caller.require(Role.ADMIN);
        SettingProfile current = profiles.get(name, "Profile");
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw BerthException.stale(current.version());
        }
        SettingProfile proposed = change.apply(current);
        SettingProfile next = new SettingProfile(name, proposed.description(), proposed.defaults(), current.createdAt(), clock.instant(),
                current.version() + 1);
        profiles.update(current, next, Set.of(), Set.of(), new AuditEntry(name, "profile", "change", caller.actor(), next.updatedAt(),
                current.version(), next.version(), "profile " + name + " changed"));
        return next;
    }

    public void delete(Principal caller, String name, Long expectedVersion) {
        caller.require(Role.ADMIN);
        SettingProfile current = profiles.get(name, "Profile");
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw BerthException.stale(current.version());
        }
        profiles.delete(current, Set.of(), new AuditEntry(name, "profile", "delete", caller.actor(), clock.instant(), current.version(), null,
                "profile " + name + " deleted (instances created from it keep their settings)"));
    }
}
