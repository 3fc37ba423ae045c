package dev.berth.core.port.routing;

import java.util.List;

/** Everything a load balancer serves: every instance's routes, and the redirects it answers itself. */
public record RoutingTable(List<InstanceRoutes> instances, List<Redirect> redirects) {
    public RoutingTable {
        instances = List.copyOf(instances);
        redirects = List.copyOf(redirects);
    }

    public RoutingTable(List<InstanceRoutes> instances) {
        this(instances, List.of());
    }
}
