package dev.berth.core.auth;

import dev.berth.core.error.BerthException;
import dev.berth.core.repository.ApiTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a bearer token into a {@link Principal}. A short in-process cache spares a table read on
 * every call of a warm function; revoking a token clears it here at once, and other warm
 * functions forget it within {@link #CACHE_TIME}.
 */
public final class Authenticator {
    static final Duration CACHE_TIME = Duration.ofSeconds(30);
    private static final int MAX_TOKEN_LENGTH = 512;

    private record Cached(Principal principal, Instant until) {
    }

    private final ApiTokens tokens;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public Authenticator(ApiTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** @param authorization the Authorization header, possibly null */
    public Principal authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw BerthException.unauthorized("Send Authorization: Bearer <token>");
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer") || parts[1].length() > MAX_TOKEN_LENGTH) {
            throw BerthException.unauthorized("The Authorization header must be 'Bearer <token>'");
        }
        String token = parts[1];
        String hash = TokenFormat.hash(token);
        Instant now = clock.instant();
        Cached cached = cache.get(hash);
        if (cached != null && cached.until().isAfter(now)) {
            return cached.principal();
        }
        ApiToken stored = tokens.find(TokenFormat.idOf(token))
                .filter(t -> MessageDigest.isEqual(t.hash().getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII)))
                .orElseThrow(() -> BerthException.unauthorized("The token is unknown or was revoked"));
        Principal principal = new Principal(stored.id(), stored.name(), stored.role());
        if (cache.size() > 1000) {
            cache.clear();
        }
        cache.put(hash, new Cached(principal, now.plus(CACHE_TIME)));
        return principal;
    }

    public void forget(String tokenId) {
        cache.values().removeIf(c -> c.principal().tokenId().equals(tokenId));
    }
}
