package dev.berth.core.port.compute;

import java.util.List;
import java.util.Map;

/** What to boot for an app server. {@code metadata} always carries {@link ServerInfo#APP_SERVER_TAG}. */
public record BootRequest(String appServerId, String hostname, String flavor, String image, String keyPair,
                          List<String> securityGroups, String userData, Map<String, String> metadata) {
    public BootRequest {
        securityGroups = List.copyOf(securityGroups);
        metadata = Map.copyOf(metadata);
    }
}
