package dev.berth.localcloud;

import dev.berth.core.port.CertificateAuthority;
import dev.berth.core.port.routing.TlsBundle;
import java.io.IOException;
import java.io.StringReader;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The local proxy's TLS: the installed bundles (chain then key, PEM, as HAProxy takes them) in a
 * key store whose manager picks the certificate by the server name the client asks for (the
 * JDK's PKIX key manager does), swapped whole when new bundles are installed.
 */
final class LocalTls {
    private volatile X509ExtendedKeyManager current;

    SSLContext context() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new Delegating()}, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    void install(List<TlsBundle> bundles) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            for (TlsBundle bundle : bundles) {
                List<X509Certificate> chain = new ArrayList<>();
                PrivateKey key = null;
                try (PEMParser parser = new PEMParser(new StringReader(bundle.pem()))) {
                    JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
                    for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                        if (object instanceof X509CertificateHolder holder) {
                            chain.add(new JcaX509CertificateConverter().getCertificate(holder));
                        } else if (object instanceof PEMKeyPair pair) {
                            key = pair.getPublicKeyInfo() != null ? keys.getKeyPair(pair).getPrivate() : keys.getPrivateKey(pair.getPrivateKeyInfo());
                        } else if (object instanceof PrivateKeyInfo info) {
                            key = keys.getPrivateKey(info);
                        }
                    }
                }
                if (key == null || chain.isEmpty()) {
                    throw new CertificateAuthority.CertificateFailure("The certificate of " + bundle.domain() + " lacks its chain or its key", null);
                }
                store.setKeyEntry(bundle.domain(), key, password, chain.toArray(X509Certificate[]::new));
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
            factory.init(store, password);
            current = (X509ExtendedKeyManager) factory.getKeyManagers()[0];
        } catch (GeneralSecurityException | IOException e) {
            throw new CertificateAuthority.CertificateFailure("The local proxy cannot use these certificates: " + e.getMessage(), e);
        }
    }

    /** The key manager of the moment, for handshakes that start after an install. */
    private final class Delegating extends X509ExtendedKeyManager {
        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return current.chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return current.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return current.getServerAliases(keyType, issuers);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return current.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return current.getPrivateKey(alias);
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
