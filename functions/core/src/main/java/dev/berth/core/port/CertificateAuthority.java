package dev.berth.core.port;

import java.time.Instant;
import java.util.List;

/**
 * Issues certificates after proving control of their names with DNS-01 challenges: ACME (Let's
 * Encrypt; Pebble in tests) in production, a local certificate authority on a laptop.
 */
public interface CertificateAuthority {

    /** Where the challenges' TXT records go: Berth's DNS port. A record is withdrawn once its name is proven. */
    interface DnsChallenges {
        void publish(String recordName, String value);

        void withdraw(String recordName, String value);
    }

    /** A new certificate: its chain and private key (PEM) and what it says. */
    record Issued(String chainPem, String privateKeyPem, Instant notBefore, Instant notAfter, String issuer, String serial) {

        @Override
        public String toString() {
            return "Issued[" + issuer + " " + serial + " until " + notAfter + "]"; // never the key
        }
    }

    /** A certificate for {@code names} (the first is its subject); failures are {@link CertificateFailure}s. */
    Issued issue(List<String> names, DnsChallenges challenges);

    /** The authority refused or could not be reached: the reason, for the job's report. */
    final class CertificateFailure extends RuntimeException {
        public CertificateFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
