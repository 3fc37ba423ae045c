package dev.berth.core.service;

import dev.berth.core.Ids;
import dev.berth.core.domain.Instance;
import dev.berth.core.port.Workflows;
import java.time.Instant;
import java.util.List;

/**
 * Asks the SyncRouting state machine to bring the load balancer and DNS up to date after a
 * change: a new instance (its being-set-up page), new settings or domains, a server that became
 * running (its preview link), a new active set (with the set to roll back to).
 */
public final class RoutingRequests {
    public static final String STATE_MACHINE = "SyncRouting";
    private final Workflows workflows;

    public RoutingRequests(Workflows workflows) {
        this.workflows = workflows;
    }

    /** After a change of the active set: one execution per instance version, gated, with its rollback. */
    public void afterActivation(Instance instance, List<String> previousActive) {
        String previous = previousActive.stream().map(id -> "\"" + id + "\"").reduce((a, b) -> a + "," + b).orElse("");
        workflows.start(STATE_MACHINE, instance.id() + "-v" + instance.version(),
                "{\"instanceId\":\"" + instance.id() + "\",\"instanceVersion\":" + instance.version()
                        + ",\"previousActive\":[" + previous + "]}");
    }

    /** After any other change: the active set stays as it is (nothing to roll back to). */
    public void afterChange(Instance instance) {
        String active = instance.activeAppServerIds().stream().map(id -> "\"" + id + "\"").reduce((a, b) -> a + "," + b).orElse("");
        workflows.start(STATE_MACHINE, instance.id() + "-v" + instance.version() + "-" + Ids.ulid(Instant.now()),
                "{\"instanceId\":\"" + instance.id() + "\",\"instanceVersion\":" + instance.version()
                        + ",\"previousActive\":[" + active + "]}");
    }
}
