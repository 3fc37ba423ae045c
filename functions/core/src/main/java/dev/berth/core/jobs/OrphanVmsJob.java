package dev.berth.core.jobs;

import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.port.ComputeProvider;
import dev.berth.core.port.compute.ServerInfo;
import dev.berth.core.repository.AppServers;
import dev.berth.core.repository.Nodes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Deletes VMs that carry our tag but serve no live app server (its record is gone or terminated) nor a node,
 * once they are older than a threshold: what a crashed step or a lost execution left behind.
 */
public final class OrphanVmsJob implements Job {
    private final Supplier<ComputeProvider> compute;
    private final AppServers appServers;
    private final Nodes nodes;
    private final java.util.function.Function<String, Optional<dev.berth.core.pool.PoolVm>> poolVms;
    private final Duration minimumAge;
    private final Clock clock;

    public OrphanVmsJob(Supplier<ComputeProvider> compute, AppServers appServers, Nodes nodes, Duration minimumAge, Clock clock) {
        this(compute, appServers, nodes, tag -> Optional.empty(), minimumAge, clock);
    }

    /** @param poolVms the warm pool's record of a {@code pool-} tag: its VMs are the pool's until a launch claims one */
    public OrphanVmsJob(Supplier<ComputeProvider> compute, AppServers appServers, Nodes nodes,
                        java.util.function.Function<String, Optional<dev.berth.core.pool.PoolVm>> poolVms, Duration minimumAge, Clock clock) {
        this.poolVms = poolVms;
        this.compute = compute;
        this.appServers = appServers;
        this.nodes = nodes;
        this.minimumAge = minimumAge;
        this.clock = clock;
    }

    @Override
    public String name() {
        return JobNames.ORPHAN_VMS;
    }

    @Override
    public JobReport run() {
        Instant cutoff = clock.instant().minus(minimumAge);
        JobLog log = new JobLog(name());
        List<ServerInfo> managed = compute.get().listManaged();
        for (ServerInfo vm : managed) {
            if (vm.appServerId() != null && nodes.find(vm.appServerId()).filter(n -> vm.id().equals(n.vm().serverId())).isPresent()) {
                continue; // a node's VM
            }
            Optional<dev.berth.core.pool.PoolVm> pooled = poolVms.apply(vm.appServerId());
            if (pooled.isPresent() && pooled.get().state() != dev.berth.core.pool.PoolVm.State.CLAIMED) {
                continue; // the warm pool's: it recycles its own
            }
            String ownerId = pooled.map(dev.berth.core.pool.PoolVm::claimedBy).orElse(vm.appServerId());
            Optional<AppServer> owner = ownerId == null ? Optional.empty() : appServers.find(ownerId);
            boolean orphan = owner.isEmpty() || owner.get().status() == AppServerStatus.TERMINATED
                    || !vm.id().equals(owner.get().vm().serverId()) && owner.get().vm().serverId() != null;
            if (!orphan || vm.createdAt() == null || vm.createdAt().isAfter(cutoff)) {
                continue;
            }
            log.attempt(vm.id(), () -> {
                compute.get().delete(vm.id());
                return "deleted VM " + vm.id() + " (" + vm.name() + ") of " + (owner.isEmpty() ? "no app server" : ownerId + ", terminated");
            });
        }
        return log.report(managed.size());
    }
}
