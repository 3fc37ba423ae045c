package dev.berth.core.repository;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.ApiToken;
import java.util.Optional;

/** API tokens: their hashes, names and roles (never the secrets). */
public interface ApiTokens {

    /** Read consistently: a revoked token is gone for every reader once its deletion has been answered. */
    Optional<ApiToken> find(String id);

    void create(ApiToken token, AuditEntry entry);

    /** Creates or replaces a token without audit: only for the local runtime's bootstrap admin token. */
    void put(ApiToken token);

    void delete(ApiToken token, AuditEntry entry);

    /** Newest first. */
    Page<ApiToken> list(int limit, String cursor);
}
