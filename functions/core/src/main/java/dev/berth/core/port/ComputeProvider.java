package dev.berth.core.port;

import dev.berth.core.port.compute.BootRequest;
import dev.berth.core.port.compute.ServerInfo;
import dev.berth.core.port.compute.VmFirewall;
import java.util.List;
import java.util.Optional;

/**
 * Where app servers' VMs come from: OpenStack in production, directories with their own SSH
 * server on a laptop. Failures are {@link dev.berth.core.port.compute.CloudException}s that say
 * whether a retry may help.
 */
public interface ComputeProvider {

    /**
     * Makes the security group admit exactly the firewall's rules on its ports: creates the group
     * and missing rules, removes rules on those ports from other sources (idempotent).
     */
    void ensureSecurityGroup(VmFirewall firewall);

    /**
     * Boots a VM for an app server. Idempotent: if a server tagged with the same app server id
     * exists (a retried step after a crash), it is returned and no second one is booted.
     */
    ServerInfo boot(BootRequest request);

    /** The server tagged with this app server id, if any. */
    Optional<ServerInfo> find(String appServerId);

    /** The current state of a server; a server that is gone is reported {@code DELETED}. */
    ServerInfo get(String serverId);

    /** Deletes a server; deleting one that is already gone is fine. */
    void delete(String serverId);

    /** Every server carrying our tag, for the orphan clean-up. */
    List<ServerInfo> listManaged();
}
