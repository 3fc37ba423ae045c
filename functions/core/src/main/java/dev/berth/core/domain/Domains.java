package dev.berth.core.domain;

import java.util.List;

/** The host names an instance answers on. */
public record Domains(String lms, String studio, String preview, String ecommerce, String discovery) {

    public static Domains of(String subDomain, String baseDomain, DomainPrefixes prefixes) {
        String lms = subDomain + "." + baseDomain;
        return new Domains(lms, prefixes.studio() + "." + lms, prefixes.preview() + "." + lms,
                prefixes.ecommerce() + "." + lms, prefixes.discovery() + "." + lms);
    }

    public List<String> all() {
        return List.of(lms, studio, preview, ecommerce, discovery);
    }
}
