package dev.berth.core.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels put before an instance's LMS domain to name its other sites: with the defaults,
 * {@code demo.example.com} has {@code studio.demo.example.com}, {@code preview.demo.example.com}...
 */
public record DomainPrefixes(String studio, String preview, String ecommerce, String discovery, String mfe) {

    public static final DomainPrefixes DEFAULT = new DomainPrefixes("studio", "preview", "ecommerce", "discovery", "apps");

    /** The site roles whose label an instance chooses; other sites take their role's name ({@code credentials.}...). */
    public static final java.util.Set<String> ROLES = java.util.Set.of("studio", "preview", "ecommerce", "discovery", "mfe");

    /** The label of a site's role: the chosen prefix, or the role itself for sites without one. */
    public String label(String role) {
        String chosen = asMap().get(role);
        return chosen != null ? chosen : role;
    }

    /** Parses {@code studio=cms,preview=preview} (missing names keep their default). */
    public static DomainPrefixes parse(String spec) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULT.asMap());
        for (String pair : spec.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] parts = pair.split("=", 2);
            String name = parts[0].trim();
            if (parts.length != 2 || !values.containsKey(name)) {
                throw new IllegalArgumentException("BERTH_DOMAIN_PREFIXES: expected name=label pairs for "
                        + values.keySet() + ", got '" + pair + "'");
            }
            values.put(name, parts[1].trim().toLowerCase());
        }
        return fromMap(values);
    }

    public static DomainPrefixes fromMap(Map<String, String> values) {
        return new DomainPrefixes(values.get("studio"), values.get("preview"), values.get("ecommerce"), values.get("discovery"),
                values.get("mfe") == null ? DEFAULT.mfe() : values.get("mfe"));
    }

    public Map<String, String> asMap() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("studio", studio);
        out.put("preview", preview);
        out.put("ecommerce", ecommerce);
        out.put("discovery", discovery);
        out.put("mfe", mfe);
        return out;
    }
}
