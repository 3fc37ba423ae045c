package dev.berth.core.service;

import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.port.routing.Backend;
import dev.berth.core.port.routing.DnsRecord;
import dev.berth.core.port.routing.InstanceRoutes;
import dev.berth.core.port.routing.PreviewRoute;
import dev.berth.core.port.routing.RouteSource;
import dev.berth.core.port.routing.RoutingTable;
import dev.berth.core.repository.Fleet;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * What the load balancer and DNS must serve, computed from the table: every active instance's
 * domains to its active app servers (or the being-set-up page), and every live app server's
 * preview host. Applying the whole table each time makes a sync idempotent and order-free.
 */
public final class RoutingService {
    private final Fleet fleet;
    private final List<RouteSource> others;

    public RoutingService(Fleet fleet) {
        this(fleet, List.of());
    }

    /** @param others the routes of the other contexts (container services, Drupal sites), applied in the same table */
    public RoutingService(Fleet fleet, List<RouteSource> others) {
        this.fleet = fleet;
        this.others = List.copyOf(others);
    }

    public RoutingTable table() {
        List<InstanceRoutes> routes = new ArrayList<>();
        fleet.forEachInstance((instance, servers) -> {
            if (instance.status() == InstanceStatus.ACTIVE) {
                routes.add(routes(instance, servers));
            }
        });
        others.forEach(source -> routes.addAll(source.routes()));
        return new RoutingTable(routes, others.stream().flatMap(source -> source.redirects().stream()).toList());
    }

    static InstanceRoutes routes(Instance instance, List<AppServer> servers) {
        List<Backend> active = new ArrayList<>();
        List<PreviewRoute> previews = new ArrayList<>();
        for (AppServer server : servers) {
            Backend backend = backend(server);
            if (backend == null || server.status() == AppServerStatus.TERMINATED) {
                continue;
            }
            if (instance.activeAppServerIds().contains(server.id())) {
                active.add(backend);
            }
            if (server.preview() != null) {
                previews.add(new PreviewRoute(server.id(), server.previewHost(), server.preview().username(),
                        server.preview().password(), backend));
            }
        }
        return new InstanceRoutes(instance.id(), instance.settings().name(), instance.domains().all(), active, previews);
    }

    /** The records that point an instance's domains at the load balancer. */
    public static List<DnsRecord> dnsRecords(Instance instance, String loadBalancerTarget, int ttl) {
        String type = loadBalancerTarget.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") ? "A" : "CNAME";
        List<DnsRecord> records = new ArrayList<>(instance.domains().all().stream().map(domain -> new DnsRecord(domain, type, loadBalancerTarget, ttl)).toList());
        // Its app servers' preview links (<app server id>.<preview prefix>.<base domain>): one wildcard covers them all.
        records.add(new DnsRecord(previewWildcard(instance), type, loadBalancerTarget, ttl));
        return List.copyOf(records);
    }

    /** The wildcard of an instance's preview hosts; shared with every instance of the same base domain and prefix. */
    public static String previewWildcard(Instance instance) {
        return "*." + instance.settings().domainPrefixes().preview() + "." + instance.settings().baseDomain();
    }

    private static Backend backend(AppServer server) {
        if (server.vm() == null || server.vm().httpUrl() == null) {
            return null;
        }
        URI url = URI.create(server.vm().httpUrl());
        return new Backend(server.id(), url.getHost(), url.getPort() < 0 ? 80 : url.getPort());
    }
}
