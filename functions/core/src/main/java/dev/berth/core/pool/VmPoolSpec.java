package dev.berth.core.pool;

import java.util.ArrayList;
import java.util.List;

/**
 * How many ready VMs to keep per flavor and image ({@code BERTH_VM_POOL}): {@code 2} keeps two of the
 * stack's flavor and image; {@code m1.large/ubuntu-24.04=2,m1.xlarge/ubuntu-24.04=1} names them. Empty
 * or {@code 0}: no pool (the default).
 */
public record VmPoolSpec(String flavor, String image, int size) {
    public static final int MAX_SIZE = 20;

    public static List<VmPoolSpec> parse(String setting, String stackFlavor, String stackImage) {
        List<VmPoolSpec> specs = new ArrayList<>();
        if (setting == null || setting.isBlank()) {
            return specs;
        }
        for (String part : setting.split(",")) {
            String entry = part.trim();
            int eq = entry.lastIndexOf('=');
            String target = eq < 0 ? "" : entry.substring(0, eq).trim();
            int slash = target.indexOf('/');
            if (eq >= 0 && (slash <= 0 || slash == target.length() - 1)) {
                throw new IllegalArgumentException("BERTH_VM_POOL: '" + entry + "' is not <flavor>/<image>=<size> or <size>");
            }
            int size;
            try {
                size = Integer.parseInt(eq < 0 ? entry : entry.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("BERTH_VM_POOL: '" + entry + "' does not end in a number of VMs");
            }
            if (size < 0 || size > MAX_SIZE) {
                throw new IllegalArgumentException("BERTH_VM_POOL: a pool holds from 0 to " + MAX_SIZE + " VMs, not " + size);
            }
            if (size > 0) {
                specs.add(eq < 0 ? new VmPoolSpec(stackFlavor, stackImage, size)
                        : new VmPoolSpec(target.substring(0, slash), target.substring(slash + 1), size));
            }
        }
        return specs;
    }
}
