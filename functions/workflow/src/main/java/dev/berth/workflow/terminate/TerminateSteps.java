package dev.berth.workflow.terminate;

import dev.berth.core.domain.AppServer;
import dev.berth.core.port.ComputeProvider;
import dev.berth.core.repository.AppServers;

/** The step of the TerminateAppServer state machine that is its own: delete a terminated server's VM. */
public final class TerminateSteps {

    public record AppServerRef(String appServerId) {
    }

    /** The instance whose routes to drop next, and whether there was a VM to delete. */
    public record Deleted(String instanceId, boolean deleted) {
    }

    private final AppServers appServers;
    private final ComputeProvider compute;

    public TerminateSteps(AppServers appServers, ComputeProvider compute) {
        this.appServers = appServers;
        this.compute = compute;
    }

    public Deleted deleteVm(String appServerId) {
        AppServer server = appServers.get(appServerId);
        boolean hasVm = server.vm() != null && server.vm().serverId() != null;
        if (hasVm) {
            compute.delete(server.vm().serverId());
        }
        return new Deleted(server.instanceId(), hasVm);
    }
}
