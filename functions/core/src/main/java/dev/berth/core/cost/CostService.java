package dev.berth.core.cost;

import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.domain.AppServer;
import dev.berth.core.error.BerthException;
import dev.berth.core.port.UsageMeter;
import dev.berth.core.repository.AppServers;
import dev.berth.core.service.AppServerService;

/** What a launch cost the control plane (the VM itself excluded): its execution's usage at AWS's prices. */
public final class CostService {
    private final AppServers appServers;
    private final UsageMeter usage;
    private final Prices prices;

    public CostService(AppServers appServers, UsageMeter usage, Prices prices) {
        this.appServers = appServers;
        this.usage = usage;
        this.prices = prices;
    }

    public record LaunchCost(AppServer appServer, Usage usage, Prices.Cost dollars) {
    }

    public LaunchCost launch(Principal caller, String appServerId) {
        caller.require(Role.VIEWER);
        AppServer server = appServers.get(appServerId);
        Usage used = usage.ofExecution(AppServerService.LAUNCH_STATE_MACHINE, server.id())
                .orElseThrow(() -> BerthException.notFound("Launch execution of app server", server.id()));
        return new LaunchCost(server, used, prices.cost(used));
    }
}
