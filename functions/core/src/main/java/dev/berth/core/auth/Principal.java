package dev.berth.core.auth;

import dev.berth.core.error.BerthException;

/** Who is calling: the token's id and name, and its role. */
public record Principal(String tokenId, String tokenName, Role role) {

    /** A system actor (scheduled jobs, webhooks, state machine steps). */
    public static Principal system(String name) {
        return new Principal("system", name, Role.ADMIN);
    }

    public void require(Role needed) {
        if (!role.includes(needed)) {
            throw BerthException.forbidden("This call needs the " + needed.wireName() + " role; the token '"
                    + tokenName + "' has " + role.wireName());
        }
    }

    /**
     * Whether the caller may see what is behind an item: VM addresses and ports, settings (extra
     * settings carry deploy configuration), preview credentials. Managers and admins do; viewers
     * see names, domains and statuses.
     */
    public boolean seesInternals() {
        return role.includes(Role.MANAGER);
    }

    /** How the audit log names this caller. */
    public String actor() {
        return tokenName + " (" + tokenId + ")";
    }
}
