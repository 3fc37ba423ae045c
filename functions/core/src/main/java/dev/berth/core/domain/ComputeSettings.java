package dev.berth.core.domain;

import java.util.List;

/**
 * What an instance's app servers boot with when it differs from the stack's defaults
 * ({@code BERTH_OPENSTACK_FLAVOR}, {@code BERTH_OPENSTACK_IMAGE}): a flavor, an image, security
 * groups besides Berth's own, and cloud-init user data. The cloud checks the flavor and image it
 * is asked for when the VM boots (an unknown one fails the launch with the cloud's answer).
 */
public record ComputeSettings(String flavor, String image, List<String> securityGroups, String userData) {
    public static final ComputeSettings NONE = new ComputeSettings(null, null, List.of(), null);

    public ComputeSettings {
        securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
    }

    /** Nothing of its own: the stack's defaults apply (not {@code isEmpty}: that would be a JSON property). */
    public boolean unset() {
        return flavor == null && image == null && securityGroups.isEmpty() && userData == null;
    }
}
