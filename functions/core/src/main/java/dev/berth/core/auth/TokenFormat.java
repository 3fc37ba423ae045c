package dev.berth.core.auth;

import dev.berth.core.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API tokens look like {@code brt_<id>_<secret>}: the id finds the stored record, the secret is
 * 200 random bits. Only a SHA-256 hash of the whole token is stored, never the token itself.
 */
public final class TokenFormat {
    private static final Pattern FORMAT = Pattern.compile("brt_([0-9a-z]{12})_([0-9a-z]{40})");
    /** The record id of a bootstrap token that does not follow the format (a BERTH_ADMIN_TOKEN of the user's choosing). */
    public static final String BOOTSTRAP_ID = "bootstrap";

    private TokenFormat() {
    }

    public record Generated(String id, String token) {
    }

    public static Generated generate() {
        String id = Ids.random(12);
        return new Generated(id, "brt_" + id + "_" + Ids.random(40));
    }

    /** The record id this token claims to be; a token in another format can only be the bootstrap one. */
    public static String idOf(String token) {
        Matcher m = FORMAT.matcher(token);
        return m.matches() ? m.group(1) : BOOTSTRAP_ID;
    }

    public static Optional<String> strictIdOf(String token) {
        Matcher m = FORMAT.matcher(token);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
