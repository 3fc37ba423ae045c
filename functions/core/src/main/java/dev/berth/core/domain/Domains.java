package dev.berth.core.domain;

import dev.berth.core.error.BerthException;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /** Each host with the setting that names it: the LMS domain comes from {@code subDomain}, the others from their prefix. */
    public Map<String, String> fieldsByHost() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(lms, "subDomain");
        out.put(studio, "domainPrefixes.studio");
        out.put(preview, "domainPrefixes.preview");
        out.put(ecommerce, "domainPrefixes.ecommerce");
        out.put(discovery, "domainPrefixes.discovery");
        return out;
    }

    /**
     * A host Berth would route or publish is already someone's (another instance's domain, an app
     * server's preview host): 409, naming the setting that asked for it.
     */
    public static BerthException taken(String host, String field) {
        return BerthException.conflict(field.equals("subDomain") ? "duplicate_sub_domain" : "duplicate_domain",
                "The domain " + host + " is already used by another instance or app server",
                Map.of("fields", Map.of(field, host + " is already taken")));
    }
}
