package dev.berth.localcloud;

import dev.berth.core.port.CertificateAuthority;
import dev.berth.core.port.routing.TlsBundle;
import java.io.IOException;
import java.io.StringReader;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The local proxy's TLS: the installed bundles (chain then key, PEM, as HAProxy takes them),
 * swapped whole when new ones are installed; a handshake gets the certificate that names the
 * host it asks for (SNI) most closely, as HAProxy chooses: the exact name, else a wildcard.
 */
final class LocalTls {
    private record Installed(String alias, X509Certificate[] chain, PrivateKey key, List<String> names) {
    }

    private volatile List<Installed> installed = List.of();
    private volatile java.util.function.Function<String, TlsBundle> onDemand;

    /**
     * Makes a certificate for a host no installed one names (a dev proxy's on-demand TLS): a
     * wildcard over a single label ({@code *.localhost}) is one that browsers and curl refuse.
     */
    void issueOnDemand(java.util.function.Function<String, TlsBundle> issuer) {
        this.onDemand = issuer;
    }

    SSLContext context() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new ByName()}, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    void install(List<TlsBundle> bundles) {
        installed = List.copyOf(parse(bundles));
    }

    private static List<Installed> parse(List<TlsBundle> bundles) {
        List<Installed> next = new ArrayList<>();
        try {
            for (TlsBundle bundle : bundles) {
                List<X509Certificate> chain = new ArrayList<>();
                PrivateKey key = null;
                try (PEMParser parser = new PEMParser(new StringReader(bundle.pem()))) {
                    JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
                    for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                        if (object instanceof X509CertificateHolder holder) {
                            chain.add(new JcaX509CertificateConverter().getCertificate(holder));
                        } else if (object instanceof PEMKeyPair pair) {
                            key = jdkKey(pair.getPrivateKeyInfo(), keys);
                        } else if (object instanceof PrivateKeyInfo info) {
                            key = jdkKey(info, keys);
                        }
                    }
                }
                if (key == null || chain.isEmpty()) {
                    throw new CertificateAuthority.CertificateFailure("The certificate of " + bundle.domain() + " lacks its chain or its key", null);
                }
                List<String> names = new ArrayList<>();
                if (chain.get(0).getSubjectAlternativeNames() != null) {
                    chain.get(0).getSubjectAlternativeNames().stream().filter(san -> (Integer) san.get(0) == 2).forEach(san -> names.add((String) san.get(1)));
                }
                next.add(new Installed(bundle.domain(), chain.toArray(X509Certificate[]::new), key, names));
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new CertificateAuthority.CertificateFailure("The local proxy cannot use these certificates: " + e.getMessage(), e);
        }
        return next;
    }

    /**
     * The JDK's own key object: once BouncyCastle is a registered provider (acme4j registers it),
     * its converter would give an "ECDSA" key that the JDK's TLS does not offer for "EC".
     */
    private static PrivateKey jdkKey(PrivateKeyInfo info, JcaPEMKeyConverter fallback) throws IOException, GeneralSecurityException {
        String algorithm = info.getPrivateKeyAlgorithm().getAlgorithm().equals(org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey) ? "EC"
                : info.getPrivateKeyAlgorithm().getAlgorithm().equals(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.rsaEncryption) ? "RSA" : null;
        if (algorithm == null) {
            return fallback.getPrivateKey(info);
        }
        return java.security.KeyFactory.getInstance(algorithm).generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(info.getEncoded()));
    }

    /** The alias for a host: an exact name first, then a wildcard one level up, then the first certificate; of that key type. */
    private String aliasFor(String keyType, String host) {
        List<Installed> now = installed.stream().filter(e -> keyType == null || keyType.startsWith(e.key().getAlgorithm())).toList();
        if (host != null) {
            for (Installed entry : now) {
                if (entry.names().stream().anyMatch(n -> n.equalsIgnoreCase(host))) {
                    return entry.alias();
                }
            }
            int dot = host.indexOf('.');
            // A wildcard counts over two labels or more, as browsers and curl count it (never *.localhost).
            if (dot > 0 && host.indexOf('.', dot + 1) > 0) {
                String wildcard = "*" + host.substring(dot);
                for (Installed entry : now) {
                    if (entry.names().stream().anyMatch(n -> n.equalsIgnoreCase(wildcard))) {
                        return entry.alias();
                    }
                }
            }
            if (onDemand != null) {
                return mint(host.toLowerCase(java.util.Locale.ROOT));
            }
        }
        return now.isEmpty() ? null : now.get(0).alias();
    }

    private synchronized String mint(String host) {
        for (Installed entry : installed) {
            if (entry.names().contains(host)) {
                return entry.alias(); // another handshake made it meanwhile
            }
        }
        List<Installed> next = new ArrayList<>(installed);
        next.addAll(parse(List.of(onDemand.apply(host))));
        installed = List.copyOf(next);
        return next.get(next.size() - 1).alias();
    }

    private Installed byAlias(String alias) {
        return installed.stream().filter(e -> e.alias().equals(alias)).findFirst().orElse(null);
    }

    private static String requestedHost(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName hostName) {
                    return hostName.getAsciiName();
                }
            }
        }
        return null;
    }

    /** The server side's key manager of the moment, by the name the client asks for. */
    private final class ByName extends X509ExtendedKeyManager {
        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return aliasFor(keyType, engine == null ? null : requestedHost(engine.getHandshakeSession()));
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return aliasFor(keyType, socket instanceof SSLSocket ssl ? requestedHost(ssl.getHandshakeSession()) : null);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return installed.stream().map(Installed::alias).toArray(String[]::new);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            Installed entry = byAlias(alias);
            return entry == null ? null : entry.chain().clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            Installed entry = byAlias(alias);
            return entry == null ? null : entry.key();
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
