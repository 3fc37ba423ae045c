package dev.berth.core.tls;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.jobs.JobLog;
import dev.berth.core.port.CertificateAuthority;
import dev.berth.core.port.Dns;
import dev.berth.core.port.LoadBalancer;
import dev.berth.core.port.SecretStore;
import dev.berth.core.port.routing.DnsRecord;
import dev.berth.core.port.routing.TlsBundle;
import dev.berth.core.repository.Documents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The load balancer's certificates, one per base domain, covering the domain, its wildcard (the
 * instances' hosts) and its previews' wildcard: issued through DNS-01 challenges answered with
 * Berth's own DNS port, kept in the secret store, renewed 30 days before they expire, and
 * installed on the load balancer (checked before it reloads, as its configuration is).
 */
public final class CertificateService {
    /** Let's Encrypt's advice: renew when a third of a 90-day certificate is left. */
    public static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final int CHALLENGE_TTL = 60;

    private final Documents<TlsCertificate> certificates;
    private final CertificateAuthority authority;
    private final Dns dns;
    private final SecretStore secrets;
    private final LoadBalancer loadBalancer;
    private final List<String> domains;
    private final java.util.function.Supplier<List<String>> instanceHosts;
    private final String previewPrefix;
    private final Runnable reapplyRouting;
    private final Clock clock;

    /**
     * @param instanceHosts  the LMS hosts of the instances under those domains: each gets its own certificate for its
     *                       sub-sites ({@code studio.<lms>}, {@code apps.<lms>}...), one level deeper than the domain's wildcard
     * @param reapplyRouting the routing table applied again once certificates are installed (HAProxy then binds HTTPS with them)
     */
    public CertificateService(Documents<TlsCertificate> certificates, CertificateAuthority authority, Dns dns, SecretStore secrets,
                              LoadBalancer loadBalancer, List<String> domains, java.util.function.Supplier<List<String>> instanceHosts,
                              String previewPrefix, Runnable reapplyRouting, Clock clock) {
        this.certificates = certificates;
        this.authority = authority;
        this.dns = dns;
        this.secrets = secrets;
        this.loadBalancer = loadBalancer;
        this.domains = List.copyOf(domains);
        this.instanceHosts = instanceHosts;
        this.previewPrefix = previewPrefix;
        this.reapplyRouting = reapplyRouting;
        this.clock = clock;
    }

    /** The names a base domain's certificate covers. */
    public List<String> names(String domain) {
        return List.of(domain, "*." + domain, "*." + previewPrefix + "." + domain);
    }

    /** Whether a certificate must be issued now: none yet, names missing, or less than {@link #RENEW_BEFORE} left. */
    public static boolean due(TlsCertificate current, List<String> names, Instant now) {
        return current == null || !Set.copyOf(current.names()).containsAll(names) || !now.isBefore(current.notAfter().minus(RENEW_BEFORE));
    }

    /**
     * The certificates wanted now, by id: each base domain's, and each instance's under one of them
     * ({@code <lms>} and {@code *.<lms>}).
     */
    public java.util.Map<String, List<String>> wanted() {
        java.util.Map<String, List<String>> wanted = new java.util.LinkedHashMap<>();
        domains.forEach(domain -> wanted.put(domain, names(domain)));
        for (String host : instanceHosts.get()) {
            if (domains.stream().anyMatch(domain -> host.endsWith("." + domain)) && !wanted.containsKey(host)) {
                wanted.put(host, List.of(host, "*." + host));
            }
        }
        return wanted;
    }

    /**
     * The job's work: every due certificate issued again (one's failure does not stop the others),
     * the ones no longer wanted (an archived or renamed instance's) removed, then all installed.
     */
    /** @return how many certificates are wanted */
    public int renew(JobLog log) {
        Instant now = clock.instant();
        java.util.Map<String, List<String>> wanted = wanted();
        for (TlsCertificate unwanted : certificates.all().stream().filter(c -> !wanted.containsKey(c.id())).toList()) {
            log.attempt(unwanted.id(), () -> {
                certificates.delete(unwanted, Set.of(), new AuditEntry("tls:" + unwanted.id(), "certificate", "certificate.remove",
                        "system:certificates", clock.instant(), unwanted.version(), null, "no longer routed: " + String.join(", ", unwanted.names())));
                secrets.delete(unwanted.bundleSecret());
                return "removed the certificate of " + unwanted.id() + " (no longer routed)";
            });
        }
        for (java.util.Map.Entry<String, List<String>> entry : wanted.entrySet()) {
            String domain = entry.getKey();
            List<String> names = entry.getValue();
            TlsCertificate current = certificates.find(domain).orElse(null);
            if (!due(current, names, now)) {
                continue;
            }
            log.attempt(domain, () -> {
                TlsCertificate issued = issue(domain, names, current);
                return "issued a certificate for " + String.join(", ", names) + " by " + issued.issuer() + ", valid until " + issued.notAfter();
            });
        }
        List<TlsBundle> bundles = bundles();
        if (!bundles.isEmpty()) {
            log.attempt("load balancer", () -> {
                loadBalancer.installCertificates(bundles);
                reapplyRouting.run();
                return "installed " + bundles.size() + " certificate(s) on the load balancer";
            });
        }
        return wanted.size();
    }

    private TlsCertificate issue(String domain, List<String> names, TlsCertificate current) {
        CertificateAuthority.Issued issued = authority.issue(names, challenges());
        secrets.put(TlsCertificate.bundleSecret(domain), issued.chainPem() + issued.privateKeyPem());
        Instant now = clock.instant();
        TlsCertificate next = new TlsCertificate(domain, names, issued.notBefore(), issued.notAfter(), issued.issuer(), issued.serial(), now,
                current == null ? 1 : current.version() + 1);
        AuditEntry entry = new AuditEntry("tls:" + domain, "certificate", current == null ? "certificate.issue" : "certificate.renew",
                "system:certificates", now, current == null ? null : current.version(), next.version(),
                "certificate " + issued.serial() + " for " + String.join(", ", names) + " until " + issued.notAfter());
        if (current == null) {
            certificates.create(next, Set.of(), entry);
        } else {
            certificates.update(current, next, Set.of(), Set.of(), entry);
        }
        return next;
    }

    /** The certificates whose bundle is in the secret store, as the load balancer installs them. */
    public List<TlsBundle> bundles() {
        List<TlsBundle> bundles = new ArrayList<>();
        for (TlsCertificate certificate : certificates.all()) {
            Optional<String> pem = secrets.get(certificate.bundleSecret());
            pem.ifPresent(text -> bundles.add(new TlsBundle(certificate.id(), text)));
        }
        return bundles;
    }

    private CertificateAuthority.DnsChallenges challenges() {
        return new CertificateAuthority.DnsChallenges() {
            @Override
            public void publish(String recordName, String value) {
                dns.upsert(List.of(new DnsRecord(recordName, "TXT", value, CHALLENGE_TTL)));
            }

            @Override
            public void withdraw(String recordName, String value) {
                dns.delete(List.of(new DnsRecord(recordName, "TXT", value, CHALLENGE_TTL)));
            }
        };
    }
}
