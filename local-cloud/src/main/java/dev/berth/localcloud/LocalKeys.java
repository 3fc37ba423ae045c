package dev.berth.localcloud;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/**
 * The local runtime's SSH key pair, created once under a directory: Berth logs into its local
 * VMs with it, and {@code id_rsa} (OpenSSH format) lets a developer do the same by hand.
 */
public final class LocalKeys {
    private LocalKeys() {
    }

    public static KeyPair loadOrCreate(Path dir) {
        try {
            Path privateKey = dir.resolve("berth_rsa.pk8");
            Path publicKey = dir.resolve("berth_rsa.x509");
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (Files.exists(privateKey) && Files.exists(publicKey)) {
                return new KeyPair(rsa.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(publicKey))),
                        rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateKey))));
            }
            Files.createDirectories(dir);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(3072);
            KeyPair pair = generator.generateKeyPair();
            Files.write(privateKey, pair.getPrivate().getEncoded());
            Files.write(publicKey, pair.getPublic().getEncoded());
            try (OutputStream out = Files.newOutputStream(dir.resolve("id_rsa"))) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "berth-local", null, out);
            }
            privateKey.toFile().setReadable(false, false);
            privateKey.toFile().setReadable(true, true);
            return pair;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Could not create or read the local SSH key pair in " + dir, e);
        }
    }
}
