package dev.berth.localcloud;

import dev.berth.core.port.CertificateAuthority;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The laptop's certificate authority: a root made at the first start and kept in its folder
 * ({@code ca.pem}, and {@code ca-key.pem} readable by its owner only), issuing certificates as an
 * ACME server would, its DNS-01 challenges published and withdrawn through the DNS port. Trust
 * {@code ca.pem} to browse the local proxy over HTTPS.
 */
public final class LocalCertificateAuthority implements CertificateAuthority {
    private static final Duration VALIDITY = Duration.ofDays(90);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate root;
    private final PrivateKey rootKey;
    private final Clock clock;

    private LocalCertificateAuthority(X509Certificate root, PrivateKey rootKey, Clock clock) {
        this.root = root;
        this.rootKey = rootKey;
        this.clock = clock;
    }

    public static LocalCertificateAuthority loadOrCreate(Path folder, Clock clock) throws IOException {
        Path certificate = folder.resolve("ca.pem");
        Path key = folder.resolve("ca-key.pem");
        try {
            if (Files.isRegularFile(certificate) && Files.isRegularFile(key)) {
                return new LocalCertificateAuthority(readCertificate(Files.readString(certificate)), readKey(Files.readString(key)), clock);
            }
            Files.createDirectories(folder);
            KeyPair pair = newKey();
            Instant now = clock.instant();
            X500Principal name = new X500Principal("CN=Berth local CA " + HexFormat.of().formatHex(RANDOM.generateSeed(4)) + ",O=Berth");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate rootCertificate = sign(builder, pair.getPrivate());
            Files.writeString(key, "", StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(key, pem(pair.getPrivate()), StandardCharsets.US_ASCII);
            Files.writeString(certificate, pem(rootCertificate), StandardCharsets.US_ASCII);
            return new LocalCertificateAuthority(rootCertificate, pair.getPrivate(), clock);
        } catch (GeneralSecurityException e) {
            throw new IOException("Could not make the local certificate authority: " + e.getMessage(), e);
        }
    }

    public X509Certificate root() {
        return root;
    }

    public String rootPem() {
        return pem(root);
    }

    /** What a client that trusts this authority (and nothing else) connects with: curl's {@code --cacert ca.pem}, in Java. */
    public javax.net.ssl.SSLContext clientContext() {
        try {
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("root", root);
            javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
            factory.init(trust);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As an ACME server would: each name's challenge record published, then withdrawn, before the certificate is made. */
    @Override
    public Issued issue(List<String> names, DnsChallenges challenges) {
        Set<String> records = new LinkedHashSet<>();
        names.forEach(n -> records.add("_acme-challenge." + (n.startsWith("*.") ? n.substring(2) : n)));
        String token = HexFormat.of().formatHex(RANDOM.generateSeed(16));
        for (String record : records) {
            challenges.publish(record, token);
            challenges.withdraw(record, token);
        }
        Instant now = clock.instant();
        return sign(names, now.minus(Duration.ofMinutes(5)), now.plus(VALIDITY));
    }

    /** A certificate for {@code names} valid in that window (tests ask for ones about to expire). */
    public Issued sign(List<String> names, Instant notBefore, Instant notAfter) {
        try {
            KeyPair pair = newKey();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(root, serial(), Date.from(notBefore), Date.from(notAfter),
                    new X500Principal("CN=" + names.get(0).replace("*", "wildcard")), pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.stream().map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
            builder.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(root));
            X509Certificate leaf = sign(builder, rootKey);
            return new Issued(pem(leaf) + pem(root), pem(pair.getPrivate()), leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(),
                    leaf.getIssuerX500Principal().getName(), HexFormat.of().formatHex(leaf.getSerialNumber().toByteArray()));
        } catch (GeneralSecurityException | IOException e) {
            throw new CertificateFailure("The local certificate authority could not sign for " + names + ": " + e.getMessage(), e);
        }
    }

    private static KeyPair newKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).abs().add(BigInteger.ONE);
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** PEM; a private key as PKCS#8 ({@code PRIVATE KEY}), which HAProxy and the JDK both read. */
    static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            if (object instanceof PrivateKey key) {
                writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null));
            } else {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static X509Certificate readCertificate(String pem) throws IOException, GeneralSecurityException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) parser.readObject());
        }
    }

    private static PrivateKey readKey(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            return object instanceof PEMKeyPair pair ? converter.getPrivateKey(pair.getPrivateKeyInfo())
                    : converter.getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) object);
        }
    }
}
