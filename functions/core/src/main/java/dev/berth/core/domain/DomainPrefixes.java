package dev.berth.core.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels put before an instance's LMS domain to name its other sites: with the defaults,
 * {@code demo.example.com} has {@code studio.demo.example.com}, {@code preview.demo.example.com}...
 */
public record DomainPrefixes(String studio, String preview, String ecommerce, String discovery) {

    public static final DomainPrefixes DEFAULT = new DomainPrefixes("studio", "preview", "ecommerce", "discovery");

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
        return new DomainPrefixes(values.get("studio"), values.get("preview"), values.get("ecommerce"), values.get("discovery"));
    }

    public Map<String, String> asMap() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("studio", studio);
        out.put("preview", preview);
        out.put("ecommerce", ecommerce);
        out.put("discovery", discovery);
        return out;
    }
}
