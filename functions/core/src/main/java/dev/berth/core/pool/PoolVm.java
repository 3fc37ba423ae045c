package dev.berth.core.pool;

import dev.berth.core.repository.Document;
import java.time.Instant;

/**
 * A VM of the warm pool: booted ahead of any launch for a flavor and image, {@code READY} once it
 * answers SSH, then {@code CLAIMED} by the one launch whose conditional write took it. The id is
 * also the VM's tag ({@code pool-<ulid>}), so the orphan clean-up knows it.
 */
public record PoolVm(String id, String flavor, String image, String serverId, State state, String ipv4, int sshPort, String httpUrl,
                     String hostKeyFingerprint, String claimedBy, Instant createdAt, Instant updatedAt, long version) implements Document {
    public static final String TAG_PREFIX = "pool-";

    public enum State { BOOTING, READY, CLAIMED }

    public boolean serves(String flavor, String image) {
        return this.flavor.equals(flavor) && this.image.equals(image);
    }

    PoolVm ready(String ipv4, int sshPort, String httpUrl, String fingerprint, Instant now) {
        return new PoolVm(id, flavor, image, serverId, State.READY, ipv4, sshPort, httpUrl, fingerprint, null, createdAt, now, version + 1);
    }

    PoolVm claimed(String appServerId, Instant now) {
        return new PoolVm(id, flavor, image, serverId, State.CLAIMED, ipv4, sshPort, httpUrl, hostKeyFingerprint, appServerId, createdAt, now,
                version + 1);
    }
}
