package dev.berth.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Secrets the template leaves to the deployer (the cursor key): random per run, or kept in the data folder. */
final class LocalSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private LocalSecrets() {
    }

    /** 43 characters of base64url (256 bits); read from {@code <data>/cursor-secret} or written there on first use. */
    static String cursorSecret(Path dataFolder) throws IOException {
        if (dataFolder == null) {
            return random();
        }
        Path file = dataFolder.resolve("cursor-secret");
        if (Files.exists(file)) {
            String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (kept.length() >= 32) {
                return kept;
            }
        }
        String secret = random();
        Files.createDirectories(dataFolder);
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own permissions apply
        }
        return secret;
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
