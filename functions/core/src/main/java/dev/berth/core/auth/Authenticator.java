package dev.berth.core.auth;

import dev.berth.core.error.BerthException;
import dev.berth.core.repository.ApiTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a bearer token into a {@link Principal}. The token is read on every request (one
 * consistent read by key), never cached: once a revocation has been answered, no function
 * authorizes the token again. {@code bench/api.sh} measures what the read costs.
 */
public final class Authenticator {
    /** RFC 6750's b64token after exactly "Bearer " (any case); nothing trimmed, no control characters. */
    private static final Pattern BEARER = Pattern.compile("(?i:bearer) ([A-Za-z0-9._~+/-]{1,512}=*)");

    private final ApiTokens tokens;

    public Authenticator(ApiTokens tokens) {
        this.tokens = tokens;
    }

    /** @param authorization the Authorization header, possibly null */
    public Principal authenticate(String authorization) {
        if (authorization == null || authorization.isEmpty()) {
            throw BerthException.unauthorized("Send Authorization: Bearer <token>");
        }
        Matcher m = BEARER.matcher(authorization);
        if (!m.matches()) {
            throw BerthException.unauthorized("The Authorization header must be 'Bearer <token>'");
        }
        String token = m.group(1);
        String hash = TokenFormat.hash(token);
        ApiToken stored = tokens.find(TokenFormat.idOf(token))
                .filter(t -> MessageDigest.isEqual(t.hash().getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII)))
                .orElseThrow(() -> BerthException.unauthorized("The token is unknown or was revoked"));
        return new Principal(stored.id(), stored.name(), stored.role());
    }
}
