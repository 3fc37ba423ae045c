package dev.berth.network.acme;

import dev.berth.core.port.CertificateAuthority;
import dev.berth.core.port.SecretStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * {@link CertificateAuthority} over ACME (RFC 8555) with acme4j: an account whose key lives in
 * the secret store, an order for the names, each authorization proven with DNS-01 in turn (a
 * domain and its wildcard share one TXT name, so one at a time), a new P-256 key per certificate.
 */
public final class AcmeCertificateAuthority implements CertificateAuthority {
    public static final String ACCOUNT_KEY_SECRET = "tls/acme/account-key.pem";

    static {
        // acme4j makes keys and CSRs with BouncyCastle's provider.
        if (java.security.Security.getProvider("BC") == null) {
            java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        }
    }

    private final URI directory;
    private final String email;
    private final SecretStore secrets;
    private final SSLContext trust;
    private final Duration timeout;

    /**
     * @param trustedCaPem the CA the directory's own HTTPS certificate is signed by, when it is not a
     *                     public one (Pebble's); null for Let's Encrypt
     */
    public AcmeCertificateAuthority(URI directory, String email, SecretStore secrets, String trustedCaPem, Duration timeout) {
        this.directory = directory;
        this.email = email;
        this.secrets = secrets;
        this.trust = trustedCaPem == null ? null : sslContext(trustedCaPem);
        this.timeout = timeout;
    }

    /** {@code BERTH_ACME_DIRECTORY}, {@code BERTH_ACME_EMAIL}, and {@code BERTH_ACME_TRUSTED_CA} (a PEM file; tests and staging only). */
    public static AcmeCertificateAuthority fromEnvironment(Map<String, String> env, SecretStore secrets) {
        String directory = env.getOrDefault("BERTH_ACME_DIRECTORY", "");
        if (directory.isBlank()) {
            throw new IllegalStateException("BERTH_ACME_DIRECTORY is not set: TLS certificates are off (set it to "
                    + "https://acme-v02.api.letsencrypt.org/directory to turn them on)");
        }
        String trusted = null;
        String trustedFile = env.getOrDefault("BERTH_ACME_TRUSTED_CA", "");
        if (!trustedFile.isBlank()) {
            try {
                trusted = Files.readString(Path.of(trustedFile));
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read BERTH_ACME_TRUSTED_CA " + trustedFile + ": " + e.getMessage(), e);
            }
        }
        return new AcmeCertificateAuthority(URI.create(directory), env.getOrDefault("BERTH_ACME_EMAIL", ""), secrets, trusted,
                Duration.ofMinutes(5));
    }

    @Override
    public Issued issue(List<String> names, DnsChallenges challenges) {
        try {
            Session session = trust == null ? new Session(directory) : new Session(directory, new TrustingProvider(trust));
            AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey());
            if (email != null && !email.isBlank()) {
                builder.addEmail(email);
            }
            Account account = builder.create(session);
            Order order = account.newOrder().domains(names).create();
            for (Authorization authorization : order.getAuthorizations()) {
                prove(authorization, challenges);
            }
            KeyPair key = KeyPairUtils.createECKeyPair("secp256r1");
            order.waitUntilReady(timeout);
            order.execute(key);
            if (order.waitForCompletion(timeout) != Status.VALID) {
                throw new CertificateFailure("The order for " + names + " ended " + order.getStatus() + order.getError().map(p -> ": " + p)
                        .orElse(""), null);
            }
            Certificate certificate = order.getCertificate();
            StringWriter chain = new StringWriter();
            certificate.writeCertificate(chain);
            StringWriter privateKey = new StringWriter();
            KeyPairUtils.writeKeyPair(key, privateKey);
            X509Certificate leaf = certificate.getCertificate();
            return new Issued(chain.toString(), privateKey.toString(), leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(),
                    leaf.getIssuerX500Principal().getName(), HexFormat.of().formatHex(leaf.getSerialNumber().toByteArray()));
        } catch (AcmeException | IOException e) {
            throw new CertificateFailure("ACME at " + directory + " could not issue a certificate for " + names + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CertificateFailure("Interrupted while the certificate for " + names + " was issued", e);
        }
    }

    /** One name: its TXT record published, the challenge triggered and awaited, the record withdrawn whatever happened. */
    private void prove(Authorization authorization, DnsChallenges challenges) throws AcmeException, InterruptedException {
        if (authorization.getStatus() == Status.VALID) {
            return;
        }
        Dns01Challenge challenge = authorization.findChallenge(Dns01Challenge.class).orElseThrow(() -> new CertificateFailure(
                "The authority offers no DNS-01 challenge for " + authorization.getIdentifier().getDomain(), null));
        String record = Dns01Challenge.toRRName(authorization.getIdentifier());
        String name = record.endsWith(".") ? record.substring(0, record.length() - 1) : record;
        challenges.publish(name, challenge.getDigest());
        try {
            challenge.trigger();
            if (challenge.waitForCompletion(timeout) != Status.VALID) {
                throw new CertificateFailure("The DNS-01 challenge of " + authorization.getIdentifier().getDomain() + " failed"
                        + challenge.getError().map(p -> ": " + p).orElse(""), null);
            }
        } finally {
            challenges.withdraw(name, challenge.getDigest());
        }
    }

    /** The account's key pair: from the secret store, made and stored on first use (a concurrent first use keeps one). */
    private KeyPair accountKey() throws IOException {
        String pem = secrets.get(ACCOUNT_KEY_SECRET).orElse(null);
        if (pem == null) {
            StringWriter text = new StringWriter();
            KeyPairUtils.writeKeyPair(KeyPairUtils.createECKeyPair("secp384r1"), text);
            pem = secrets.putIfAbsent(ACCOUNT_KEY_SECRET, text.toString());
        }
        return KeyPairUtils.readKeyPair(new StringReader(pem));
    }

    private static SSLContext sslContext(String caPem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (java.security.cert.Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(
                    new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)))) {
                store.setCertificateEntry("ca" + index++, ca);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (java.security.GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Not a usable CA certificate: " + e.getMessage(), e);
        }
    }

    /** A directory served over HTTPS with a certificate from a private CA (Pebble's): that CA trusted, nothing else changed. */
    private static final class TrustingProvider extends GenericAcmeProvider {
        private final SSLContext trust;

        TrustingProvider(SSLContext trust) {
            this.trust = trust;
        }

        @Override
        protected HttpConnector createHttpConnector(NetworkSettings settings) {
            return new HttpConnector(settings) {
                @Override
                public HttpClient.Builder createClientBuilder() {
                    return super.createClientBuilder().sslContext(trust);
                }
            };
        }
    }
}
