package dev.berth.core.service;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.ApiToken;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.auth.TokenFormat;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.Page;
import dev.berth.core.repository.ApiTokens;
import dev.berth.core.port.SecretStore;
import java.time.Clock;
import java.time.Instant;

/** Admins create, list and revoke API tokens. A new token's secret is returned once, never stored. */
public final class TokenService {
    private final ApiTokens tokens;
    private final Clock clock;

    public TokenService(ApiTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** A created token with its secret, which the caller must show once and forget. */
    public record Created(ApiToken token, String secret) {
    }

    /** What a new token is asked to be. */
    public record NewToken(String name, Role role) {
    }

    public Created create(Principal caller, String name, Role role) {
        return create(caller, () -> new NewToken(name, role));
    }

    /** Creates a token; {@code input} is read only once the caller may create tokens. */
    public Created create(Principal caller, java.util.function.Supplier<NewToken> input) {
        caller.require(Role.ADMIN);
        NewToken asked = input.get();
        String name = asked.name();
        Role role = asked.role();
        dev.berth.core.domain.DisplayNames.problem(name, 100).ifPresent(problem -> {
            throw BerthException.invalid("name", problem);
        });
        TokenFormat.Generated generated = TokenFormat.generate();
        Instant now = clock.instant();
        ApiToken token = new ApiToken(generated.id(), name.trim(), role, TokenFormat.hash(generated.token()), caller.actor(), now, 1);
        tokens.create(token, new AuditEntry(token.id(), "token", "create", caller.actor(), now, null, 1L,
                "created token '" + token.name() + "' with role " + role.wireName()));
        return new Created(token, generated.token());
    }

    /** Where a deployed stack's one-time bootstrap secret lives in the secret store. */
    public static final String BOOTSTRAP_SECRET = "bootstrap/admin-token";

    /**
     * A deployed stack's first admin token, for whoever holds the bootstrap secret the operator
     * put in the secret store: compared in constant time, audited, and consumed (the token is
     * made once per stack, then the secret is deleted).
     */
    public Created bootstrap(SecretStore secrets, String offeredSecret, String name) {
        String expected = secrets.get(BOOTSTRAP_SECRET).orElse(null);
        if (expected == null && tokens.bootstrapped()) {
            throw BerthException.conflict("already_bootstrapped", "This stack's first admin token was already made; ask an admin for a token",
                    java.util.Map.of());
        }
        if (expected == null || offeredSecret == null || !java.security.MessageDigest.isEqual(
                expected.getBytes(java.nio.charset.StandardCharsets.UTF_8), offeredSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            throw BerthException.unauthorized(expected == null
                    ? "This stack has no bootstrap secret: put one in the secret store first (see docs/deploy.md)" : "That is not this stack's bootstrap secret");
        }
        dev.berth.core.domain.DisplayNames.problem(name, 100).ifPresent(problem -> {
            throw BerthException.invalid("name", problem);
        });
        TokenFormat.Generated generated = TokenFormat.generate();
        Instant now = clock.instant();
        ApiToken token = new ApiToken(generated.id(), name.trim(), Role.ADMIN, TokenFormat.hash(generated.token()), "system:bootstrap", now, 1);
        tokens.createBootstrapAdmin(token, new AuditEntry(token.id(), "token", "bootstrap", "system:bootstrap", now, null, 1L,
                "created the stack's first admin token '" + token.name() + "' with the bootstrap secret"));
        secrets.delete(BOOTSTRAP_SECRET);
        return new Created(token, generated.token());
    }

    public Page<ApiToken> list(Principal caller, int limit, String cursor) {
        caller.require(Role.ADMIN);
        return tokens.list(limit, cursor);
    }

    /** Revokes a token at once, everywhere. The last admin token stays (409): someone must be able to create tokens. */
    public void revoke(Principal caller, String id, Long expectedVersion) {
        caller.require(Role.ADMIN);
        ApiToken token = tokens.find(id).orElseThrow(() -> BerthException.notFound("Token", id));
        if (expectedVersion != null && expectedVersion != token.version()) {
            throw BerthException.stale(token.version());
        }
        AuditEntry entry = new AuditEntry(id, "token", "revoke", caller.actor(), clock.instant(), token.version(), null,
                "revoked token '" + token.name() + "'");
        if (token.role() != Role.ADMIN) {
            tokens.delete(token, null, entry);
            return;
        }
        for (int attempt = 1; ; attempt++) {
            String other = anotherAdmin(id).orElseThrow(() -> lastAdmin(id));
            try {
                tokens.delete(token, other, entry);
                return;
            } catch (BerthException e) {
                // The admin we counted on went at the same moment: look again (the list may lag a little).
                if (!"last_admin".equals(e.code()) || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private java.util.Optional<String> anotherAdmin(String id) {
        String cursor = null;
        do {
            Page<ApiToken> page = tokens.list(100, cursor);
            for (ApiToken t : page.items()) {
                if (t.role() == Role.ADMIN && !t.id().equals(id)) {
                    return java.util.Optional.of(t.id());
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return java.util.Optional.empty();
    }

    static BerthException lastAdmin(String id) {
        return BerthException.conflict("last_admin", "Token " + id + " is the last admin token: create another admin token first",
                java.util.Map.of());
    }
}
