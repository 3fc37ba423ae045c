package dev.berth.core.jobs;

import dev.berth.core.tls.CertificateService;
import java.util.List;
import java.util.function.Supplier;

/**
 * The load balancer's certificates: each base domain's issued when missing or 30 days before it
 * expires, then all installed. Skipped when no domain asks for TLS ({@code BERTH_TLS_DOMAINS}).
 */
public final class RenewCertificatesJob implements Job {
    private final List<String> domains;
    private final Supplier<CertificateService> certificates;

    /** {@code certificates} is built only when a domain asks for TLS (it needs the certificate authority and the DNS). */
    public RenewCertificatesJob(List<String> domains, Supplier<CertificateService> certificates) {
        this.domains = List.copyOf(domains);
        this.certificates = certificates;
    }

    @Override
    public String name() {
        return JobNames.RENEW_CERTIFICATES;
    }

    @Override
    public JobReport run() {
        if (domains.isEmpty()) {
            return new JobReport(name(), true, 0, 0, List.of("TLS is off: no domain in BERTH_TLS_DOMAINS"), List.of());
        }
        JobLog log = new JobLog(name());
        int wanted = certificates.get().renew(log);
        return log.report(wanted);
    }
}
