package dev.berth.core.auth;

import dev.berth.core.repository.ApiTokens;
import java.time.Instant;

/**
 * The local runtime's admin token, which creates all others: it installs BERTH_ADMIN_TOKEN (or
 * one it generated) at start. A deployed stack gets its first admin through the one-time
 * bootstrap instead.
 */
public final class AdminTokenBootstrap {
    private AdminTokenBootstrap() {
    }

    /** Stores (or replaces) the hash of {@code rawToken} as an admin token named "bootstrap admin". */
    public static void install(ApiTokens tokens, String rawToken) {
        if (rawToken == null || rawToken.length() < 16) {
            throw new IllegalArgumentException("The admin token must be at least 16 characters long");
        }
        tokens.put(new ApiToken(TokenFormat.idOf(rawToken), "bootstrap admin", Role.ADMIN, TokenFormat.hash(rawToken),
                "berth", Instant.now(), 1));
    }
}
