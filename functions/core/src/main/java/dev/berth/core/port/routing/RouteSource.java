package dev.berth.core.port.routing;

import java.util.List;

/** Routes a bounded context adds to the load balancer's table beside the instances' (services' hostnames, Drupal sites). */
public interface RouteSource {

    List<InstanceRoutes> routes();

    /** Redirects the load balancer answers itself (Drupal's redirect routes). */
    default List<Redirect> redirects() {
        return List.of();
    }
}
