package dev.berth.core.port.routing;

import java.util.List;

/**
 * One instance's routes: its domains go to its active app servers (round robin), or to the
 * "being set up" page when it has none; each app server's preview host goes to that server
 * behind basic auth, active or not.
 */
public record InstanceRoutes(String instanceId, String name, List<String> domains, List<Backend> activeBackends, List<PreviewRoute> previews) {
    public InstanceRoutes {
        domains = List.copyOf(domains);
        activeBackends = List.copyOf(activeBackends);
        previews = List.copyOf(previews);
    }
}
