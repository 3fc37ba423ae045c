package dev.berth.core.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The sub-domain of a pull request's sandbox: {@code pr<number>-<repo>-<hash>}, one DNS label of at
 * most 63 characters, stable for the PR, and unique across repositories and forks (the hash is of
 * the base repository's full name; Ocim used the PR number alone and forks collided).
 */
public final class SandboxNames {
    private static final int MAX = 63;

    private SandboxNames() {
    }

    public static String subDomain(String repositoryFullName, int number) {
        String full = repositoryFullName.toLowerCase(Locale.ROOT);
        String repo = full.substring(full.indexOf('/') + 1).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        String hash = hash(full);
        String prefix = "pr" + number + "-";
        int room = MAX - prefix.length() - hash.length() - 1;
        String slug = repo.substring(0, Math.max(0, Math.min(repo.length(), room))).replaceAll("-+$", "");
        return slug.isEmpty() ? prefix + hash : prefix + slug + "-" + hash;
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
