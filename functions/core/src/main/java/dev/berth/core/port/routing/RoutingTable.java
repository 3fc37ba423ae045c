package dev.berth.core.port.routing;

import java.util.List;

/** Everything a load balancer serves: every instance's routes. */
public record RoutingTable(List<InstanceRoutes> instances) {
    public RoutingTable {
        instances = List.copyOf(instances);
    }
}
