package dev.berth.core.tls;

import dev.berth.core.repository.Document;
import java.time.Instant;
import java.util.List;

/**
 * The load balancer's certificate for one base domain (its id): the names it covers (the domain,
 * its wildcard and its previews' wildcard), its validity and issuer. The chain and private key
 * live in the secret store under {@link #bundleSecret()}, never in this record.
 */
public record TlsCertificate(String id, List<String> names, Instant notBefore, Instant notAfter, String issuer, String serial,
                             Instant issuedAt, long version) implements Document {

    public TlsCertificate {
        names = List.copyOf(names);
    }

    public static String bundleSecret(String domain) {
        return "tls/" + domain + "/bundle.pem";
    }

    public String bundleSecret() {
        return bundleSecret(id);
    }
}
