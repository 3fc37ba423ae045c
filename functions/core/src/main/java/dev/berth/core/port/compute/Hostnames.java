package dev.berth.core.port.compute;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * VM host names: a readable prefix of the instance's domain and a short stable hash of the app
 * server id. Unique and valid for long, similar domains (truncating alone made Ocim's collide).
 */
public final class Hostnames {
    private static final int MAX = 63;
    private static final int HASH = 10;

    private Hostnames() {
    }

    public static String forAppServer(String lmsDomain, String appServerId) {
        String readable = lmsDomain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        String prefix = readable.substring(0, Math.min(readable.length(), MAX - HASH - 1)).replaceAll("-+$", "");
        String hash = hash(appServerId);
        return prefix.isEmpty() ? "vm-" + hash : prefix + "-" + hash;
    }

    private static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
