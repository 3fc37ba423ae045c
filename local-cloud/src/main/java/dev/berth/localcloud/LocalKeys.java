package dev.berth.localcloud;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/**
 * The local runtime's SSH key pair, created once under a directory: Berth logs into its local
 * VMs with it, and {@code id_ecdsa} (OpenSSH format) lets a developer do the same by hand.
 */
public final class LocalKeys {
    private LocalKeys() {
    }

    public static KeyPair loadOrCreate(Path dir) {
        try {
            // A data folder kept from before EC keys still logs in with its RSA key.
            KeyPair kept = load(dir, "berth_ec", "EC");
            if (kept == null) {
                kept = load(dir, "berth_rsa", "RSA");
            }
            if (kept != null) {
                return kept;
            }
            Files.createDirectories(dir);
            // EC P-256: as good a login key as RSA-3072, made in milliseconds (RSA-3072 took seconds of every start under C1).
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Path privateKey = dir.resolve("berth_ec.pk8");
            Files.write(privateKey, pair.getPrivate().getEncoded());
            Files.write(dir.resolve("berth_ec.x509"), pair.getPublic().getEncoded());
            Path openSsh = dir.resolve("id_ecdsa");
            try (OutputStream out = Files.newOutputStream(openSsh)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "berth-local", null, out);
            }
            for (Path secret : List.of(privateKey, openSsh)) { // the owner's only: ssh -i refuses a key others can read
                secret.toFile().setReadable(false, false);
                secret.toFile().setReadable(true, true);
            }
            return pair;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Could not create or read the local SSH key pair in " + dir, e);
        }
    }

    private static KeyPair load(Path dir, String name, String algorithm) throws IOException, GeneralSecurityException {
        Path privateKey = dir.resolve(name + ".pk8");
        Path publicKey = dir.resolve(name + ".x509");
        if (!Files.exists(privateKey) || !Files.exists(publicKey)) {
            return null;
        }
        KeyFactory factory = KeyFactory.getInstance(algorithm);
        return new KeyPair(factory.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(publicKey))),
                factory.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateKey))));
    }
}
