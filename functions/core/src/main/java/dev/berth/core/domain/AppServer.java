package dev.berth.core.domain;

import java.time.Instant;

/**
 * An app server (a VM serving one instance). The settings are the instance's at launch time and
 * never change afterwards.
 */
public record AppServer(
        String id,
        String instanceId,
        AppServerStatus status,
        boolean active,
        InstanceSettings settings,
        Vm vm,
        Deployment deployment,
        String failureReason,
        Preview preview,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    /** Where the app server runs, once the cloud has told us; null fields until then. */
    public record Vm(String serverId, String hostname, String ipv4, Integer sshPort, String httpUrl, String hostKeyFingerprint) {
        public static final Vm NONE = new Vm(null, null, null, null, null, null);

        public Vm withHostKey(String fingerprint) {
            return new Vm(serverId, hostname, ipv4, sshPort, httpUrl, fingerprint);
        }
    }

    /**
     * The credentials of the app server's preview link (basic auth at its preview host): shown
     * to managers, never logged.
     */
    public record Preview(String username, String password) {
        @Override
        public String toString() {
            return "Preview[" + username + "]";
        }
    }

    /**
     * Progress of the deployment: how far the VM's log file has been read ({@code logOffset}
     * bytes, {@code logLines} lines stored), when it started and when it last said something.
     */
    public record Deployment(long logOffset, long logLines, Instant startedAt, Instant lastOutputAt, Integer exitCode) {
        public static final Deployment NONE = new Deployment(0, 0, null, null, null);
    }

    /** The host of the app server's preview link, e.g. {@code as-01j….preview.example.com}. */
    public String previewHost() {
        return id + "." + settings.domainPrefixes().preview() + "." + settings.baseDomain();
    }

    public AppServer with(AppServerStatus newStatus, Instant now) {
        return new AppServer(id, instanceId, newStatus, active, settings, vm, deployment, failureReason, preview, createdAt, now, version + 1);
    }

    public AppServer withVm(Vm newVm) {
        return new AppServer(id, instanceId, status, active, settings, newVm, deployment, failureReason, preview, createdAt, updatedAt, version);
    }

    public AppServer withDeployment(Deployment newDeployment) {
        return new AppServer(id, instanceId, status, active, settings, vm, newDeployment, failureReason, preview, createdAt, updatedAt, version);
    }

    public AppServer withFailure(String reason) {
        return new AppServer(id, instanceId, status, active, settings, vm, deployment, reason, preview, createdAt, updatedAt, version);
    }

    public AppServer withActive(boolean nowActive) {
        return new AppServer(id, instanceId, status, nowActive, settings, vm, deployment, failureReason, preview, createdAt, updatedAt, version);
    }
}
