package dev.berth.core.repository;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.data.InstanceData;
import java.util.List;
import java.util.Optional;

/**
 * Instances' data sets and the tenancy they hold on servers. Placing and releasing change the
 * servers' tenant counts in the same atomic write, so capacity holds under concurrent launches.
 */
public interface InstanceDataSets {

    Optional<InstanceData> find(String instanceId);

    /**
     * Records a new data set and takes one tenancy on each of its servers, if the instance has no
     * data set yet and every server still accepts and has room. Returns false when another
     * launch placed the instance first; throws 409 {@code data_server_full} when a server filled
     * up or stopped accepting meanwhile.
     */
    boolean place(InstanceData data, AuditEntry entry);

    void update(InstanceData before, InstanceData after, AuditEntry entry);

    /** Deletes the data set and gives its tenancies back. Releasing one that is gone is fine. */
    void release(InstanceData data, AuditEntry entry);

    /** The instances with data on a server (what stops its deletion), at most {@code limit}. */
    List<String> tenantsOf(String serverId, int limit);
}
