package dev.berth.core.auth;

import java.util.Locale;
import java.util.Optional;

/** What a token may do: viewers read, managers also change instances and app servers, admins everything. */
public enum Role {
    VIEWER, MANAGER, ADMIN;

    public boolean includes(Role required) {
        return ordinal() >= required.ordinal();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWire(String value) {
        for (Role role : values()) {
            if (role.wireName().equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
