package dev.berth.core.repository;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.ApiToken;
import java.util.Optional;

/** API tokens: their hashes, names and roles (never the secrets). */
public interface ApiTokens {

    /** Read consistently: a revoked token is gone for every reader once its deletion has been answered. */
    Optional<ApiToken> find(String id);

    void create(ApiToken token, AuditEntry entry);

    /**
     * Creates the stack's first admin token through the one-time bootstrap: a marker written in
     * the same atomic write makes a second bootstrap fail (409 {@code already_bootstrapped}).
     */
    void createBootstrapAdmin(ApiToken token, AuditEntry entry);

    /** Whether the one-time bootstrap already happened. */
    boolean bootstrapped();

    /** Creates or replaces a token without audit: only for the local runtime's bootstrap admin token. */
    void put(ApiToken token);

    /**
     * Deletes the token. For an admin token, {@code remainingAdminId} names another admin token
     * that must still exist in the same atomic write, so the last admin can never go (409
     * {@code last_admin} when it is gone); null for other roles.
     */
    void delete(ApiToken token, String remainingAdminId, AuditEntry entry);

    /** Newest first. */
    Page<ApiToken> list(int limit, String cursor);
}
