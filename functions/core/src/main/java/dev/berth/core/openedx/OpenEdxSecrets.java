package dev.berth.core.openedx;

import dev.berth.core.domain.Instance;
import dev.berth.core.port.SecretStore;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * An instance's Open edX keys (Django's secret key, the JWT signing key, OAuth secrets, the
 * database passwords of an ephemeral install...). Tutor would make new ones on every VM; Berth
 * makes them once per instance and keeps them in the secret store, so every app server of the
 * instance signs and reads sessions and tokens alike, and a blue/green switch logs nobody out.
 * The users' own secrets (write-only, e.g. SMTP_PASSWORD) live beside them.
 */
public final class OpenEdxSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private final SecretStore store;

    public OpenEdxSecrets(SecretStore store) {
        this.store = store;
    }

    public static String openedxPrefix(String instanceId) {
        return "instances/" + instanceId + "/openedx/";
    }

    /**
     * An instance's secret that is Berth's, not Tutor's: its own incident webhook (Slack and the
     * like). Secrets named {@code BERTH_*} never reach the app server's configuration.
     */
    public static final String ALERT_WEBHOOK = "BERTH_ALERT_WEBHOOK_URL";
    private static final String BERTHS_OWN = "BERTH_";

    public static String userPrefix(String instanceId) {
        return "instances/" + instanceId + "/user/";
    }

    /** A watched repository's sandbox secrets, by its full name (GitHub's names are case-insensitive). */
    public static String repositoryPrefix(String repositoryFullName) {
        return "repositories/" + repositoryFullName.toLowerCase(Locale.ROOT) + "/sandbox/";
    }

    /** The instance's keys for a Tutor major, made on first use; concurrent first launches agree on them. */
    public Map<String, String> forInstance(String instanceId, int tutorMajor) {
        Map<String, Supplier<String>> generated = new LinkedHashMap<>();
        generated.put("OPENEDX_SECRET_KEY", () -> random(48));
        generated.put("JWT_RSA_PRIVATE_KEY", OpenEdxSecrets::rsaPrivateKey);
        generated.put("CMS_OAUTH2_SECRET", () -> random(32));
        generated.put("ID", () -> random(24));
        generated.put("MYSQL_ROOT_PASSWORD", () -> random(32));
        generated.put("OPENEDX_MYSQL_PASSWORD", () -> random(32));
        if (tutorMajor >= 19) {
            generated.put("MEILISEARCH_MASTER_KEY", () -> random(32));
            generated.put("MEILISEARCH_API_KEY_UID", () -> UUID.randomUUID().toString());
        }
        Map<String, String> out = new LinkedHashMap<>();
        generated.forEach((key, value) -> out.put(key, store.get(openedxPrefix(instanceId) + key)
                .orElseGet(() -> store.putIfAbsent(openedxPrefix(instanceId) + key, value.get()))));
        return out;
    }

    /**
     * The secrets people set for the instance (Tutor keys such as SMTP_PASSWORD), by key: a
     * sandbox of a pull request from the watched repository itself first gets the repository's;
     * a fork's code never does, whoever wrote it. The instance's own win.
     */
    public Map<String, String> userSecrets(Instance instance) {
        Map<String, String> out = new LinkedHashMap<>();
        if (instance.isSandbox() && !instance.pullRequest().fromFork()) {
            out.putAll(read(repositoryPrefix(instance.pullRequest().repository())));
        }
        out.putAll(read(userPrefix(instance.id())));
        out.keySet().removeIf(key -> key.startsWith(BERTHS_OWN));
        return out;
    }

    /** A purged instance's keys and people's secrets go with it. */
    public void forget(String instanceId) {
        for (String prefix : List.of(openedxPrefix(instanceId), userPrefix(instanceId))) {
            store.names(prefix).forEach(store::delete);
        }
    }

    /** A watched repository that is no longer watched takes its sandbox secrets with it. */
    public void forgetRepository(String repositoryFullName) {
        store.names(repositoryPrefix(repositoryFullName)).forEach(store::delete);
    }

    private Map<String, String> read(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : store.names(prefix)) {
            store.get(name).ifPresent(value -> out.put(name.substring(prefix.length()), value));
        }
        return out;
    }

    private static String random(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    /** A 2048-bit RSA key in PEM (PKCS#8), which Tutor's rsa_import_key reads as it reads its own. */
    static String rsaPrivateKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
            return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
