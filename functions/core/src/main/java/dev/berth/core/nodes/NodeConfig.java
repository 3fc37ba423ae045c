package dev.berth.core.nodes;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What nodes may be: sizes from an allow-list mapped to the cloud's flavors
 * ({@code BERTH_NODE_SIZES}, e.g. {@code small=m1.small,medium=m1.medium,large=m1.large}), the
 * default image ({@code BERTH_NODE_IMAGE}) and the boot deadline ({@code BERTH_NODE_BOOT_MINUTES}).
 */
public record NodeConfig(Map<String, String> sizes, String defaultImage, Duration bootDeadline) {

    public NodeConfig {
        sizes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sizes)); // in the operator's order, as errors list them
    }

    public static NodeConfig fromEnvironment(Map<String, String> env) {
        Map<String, String> sizes = new LinkedHashMap<>();
        for (String entry : env.getOrDefault("BERTH_NODE_SIZES", "small=m1.small,medium=m1.medium,large=m1.large").split(",")) {
            String[] parts = entry.trim().split("=", 2);
            if (parts.length == 2 && !parts[0].isBlank()) {
                sizes.put(parts[0].trim(), parts[1].trim());
            }
        }
        String seconds = env.get("BERTH_NODE_BOOT_SECONDS");
        Duration deadline = seconds != null ? Duration.ofSeconds(Long.parseLong(seconds))
                : Duration.ofMinutes(Long.parseLong(env.getOrDefault("BERTH_NODE_BOOT_MINUTES", "20")));
        return new NodeConfig(sizes, env.getOrDefault("BERTH_NODE_IMAGE", "ubuntu-22.04"), deadline);
    }
}
