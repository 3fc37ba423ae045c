package dev.berth.github.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC-SHA256 of the raw body
 * bytes with the webhook secret, compared in constant time.
 */
public final class WebhookSignature {
    private static final String PREFIX = "sha256=";
    private final byte[] secret;

    public WebhookSignature(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalStateException("BERTH_GITHUB_WEBHOOK_SECRET is not set: webhooks cannot be verified");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    public boolean matches(byte[] rawBody, String header) {
        if (header == null || !header.startsWith(PREFIX) || header.length() != PREFIX.length() + 64) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, hmac(rawBody));
    }

    /** The header value for a body, as GitHub computes it (for tests and tools that simulate GitHub). */
    public String sign(byte[] rawBody) {
        return PREFIX + HexFormat.of().formatHex(hmac(rawBody));
    }

    private byte[] hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
