package dev.berth.core.domain;

import java.time.Instant;

/**
 * An app server (a VM serving one instance), as the API reads it. The settings are the instance's
 * at launch time and never change afterwards.
 */
public record AppServer(
        String id,
        String instanceId,
        AppServerStatus status,
        boolean active,
        InstanceSettings settings,
        Vm vm,
        String failureReason,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    /** Where the app server runs, once the cloud has told us; null fields until then. */
    public record Vm(String serverId, String hostname, String ipv4, Integer sshPort, String httpUrl) {
        public static final Vm NONE = new Vm(null, null, null, null, null);
    }
}
