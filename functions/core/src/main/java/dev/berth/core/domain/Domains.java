package dev.berth.core.domain;

import dev.berth.core.error.BerthException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host names an instance answers on: its LMS domain and its other sites by role
 * ({@code studio}, {@code preview}, {@code mfe}, {@code discovery}...).
 */
public record Domains(String lms, Map<String, String> sites) {

    public Domains {
        sites = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sites));
    }

    /** The host of a site, or null when the instance has no such site. */
    public String site(String role) {
        return sites.get(role);
    }

    public String studio() {
        return sites.get("studio");
    }

    public List<String> all() {
        List<String> out = new ArrayList<>();
        out.add(lms);
        out.addAll(sites.values());
        return out;
    }

    /** Each host with the setting that names it: the LMS domain comes from {@code subDomain}, the others from their prefix. */
    public Map<String, String> fieldsByHost() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(lms, "subDomain");
        sites.forEach((role, host) -> out.put(host, DomainPrefixes.ROLES.contains(role) ? "domainPrefixes." + role : "plugins"));
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
