package dev.berth.core.port.compute;

import java.time.Instant;
import java.util.Map;

/**
 * A VM as the provider reports it. {@code httpUrl} is where its web server answers
 * ({@code http://<ip>} on a cloud, a loopback port locally); {@code hostKeyFingerprint} is set
 * when the provider knows the SSH host key (a local VM does; an OpenStack VM's comes from TOFU).
 */
public record ServerInfo(String id, String name, ServerState state, String providerStatus, String fault, String ipv4,
                         int sshPort, String httpUrl, String hostKeyFingerprint, Instant createdAt, Map<String, String> metadata) {

    /** The metadata key that ties a VM to its app server (and marks it as ours). */
    public static final String APP_SERVER_TAG = "berth-appserver-id";

    public ServerInfo {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public String appServerId() {
        return metadata.get(APP_SERVER_TAG);
    }
}
