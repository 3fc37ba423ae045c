package dev.berth.core.port;

import dev.berth.core.port.routing.ApplyReport;
import dev.berth.core.port.routing.RoutingTable;
import dev.berth.core.port.routing.TlsBundle;
import java.util.List;

/**
 * Routes each instance's domains to its active app servers, serves the "being set up" page for
 * instances without one, and protects preview hosts with basic auth: HAProxy over SSH in
 * production, an in-process reverse proxy on a laptop.
 */
public interface LoadBalancer {

    /**
     * Brings the balancer to match the whole table. An instance whose routes cannot be applied
     * is skipped and reported; it never blocks the others.
     */
    ApplyReport apply(RoutingTable table);

    /**
     * Installs these certificates (all of them: the ones not named go) for HTTPS, HTTP then
     * redirecting to it; checked before the balancer reloads, so a bad bundle never takes it down.
     */
    void installCertificates(List<TlsBundle> bundles);

    /** An HTTP GET through the balancer as a browser asking for {@code host} would make it; returns the status. */
    int probe(String host, String path);
}
