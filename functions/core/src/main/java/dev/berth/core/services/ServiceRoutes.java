package dev.berth.core.services;

import dev.berth.core.nodes.Node;
import dev.berth.core.port.routing.Backend;
import dev.berth.core.port.routing.InstanceRoutes;
import dev.berth.core.port.routing.RouteSource;
import dev.berth.core.repository.Nodes;
import dev.berth.core.repository.Services;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The services' hostnames in the load balancer's table: the production hostname to the
 * production colour's container, the staging hostname to the other colour's (to every running
 * colour before any promote). A hostname with no serving container gets the "being set up" page.
 * A postgresql service has no route: its hostnames are private DNS names of its colours' nodes.
 */
public final class ServiceRoutes implements RouteSource {
    private static final Set<String> SERVING = Set.of("running", "redeploying");

    private final Services services;
    private final Nodes nodes;

    public ServiceRoutes(Services services, Nodes nodes) {
        this.services = services;
        this.nodes = nodes;
    }

    @Override
    public List<InstanceRoutes> routes() {
        List<InstanceRoutes> routes = new ArrayList<>();
        for (Service service : services.all()) {
            if (service.kind() == Service.Kind.POSTGRESQL) {
                continue; // a database is reached on its nodes' private addresses, never through the public load balancer
            }
            String production = service.production();
            List<Backend> productionBackends = production == null ? List.of() : backend(service, production).stream().toList();
            List<Backend> stagingBackends = new ArrayList<>();
            for (String colour : Service.COLOURS) {
                if (!colour.equals(production)) {
                    backend(service, colour).ifPresent(stagingBackends::add);
                }
            }
            // Route ids become HAProxy backend names: letters, digits and . _ - only.
            routes.add(new InstanceRoutes("svc." + service.name() + ".production", service.name(), List.of(service.productionHost()),
                    productionBackends, List.of()));
            routes.add(new InstanceRoutes("svc." + service.name() + ".staging", service.name() + " (staging)", List.of(service.stagingHost()),
                    stagingBackends, List.of()));
        }
        return routes;
    }

    /** Where a colour's container answers now, if it serves. */
    public Optional<Backend> backend(Service service, String colour) {
        return service.colour(colour).filter(state -> SERVING.contains(state.status()))
                .flatMap(state -> nodes.find(state.nodeId()).filter(Node::ready)
                        .map(node -> new Backend(state.container(), node.vm().ipv4(), service.publishedPort(state))));
    }
}
