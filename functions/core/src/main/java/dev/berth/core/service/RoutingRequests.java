package dev.berth.core.service;

import dev.berth.core.Ids;
import dev.berth.core.domain.Instance;
import dev.berth.core.port.Workflows;
import dev.berth.core.repository.RoutingQueue;
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
    private final RoutingQueue queue;

    public RoutingRequests(Workflows workflows, RoutingQueue queue) {
        this.workflows = workflows;
        this.queue = queue;
    }

    /** The gated sync of this version of the instance's active set (its name: one per version). */
    public static String gatedExecution(Instance instance) {
        return instance.id() + "-v" + instance.version();
    }

    /** After a change of the active set: one execution per instance version, gated, with its rollback. */
    public void afterActivation(Instance instance, List<String> previousActive) {
        String previous = previousActive.stream().map(id -> "\"" + id + "\"").reduce((a, b) -> a + "," + b).orElse("");
        workflows.start(STATE_MACHINE, gatedExecution(instance),
                "{\"instanceId\":\"" + instance.id() + "\",\"instanceVersion\":" + instance.version()
                        + ",\"previousActive\":[" + previous + "]}");
    }

    /**
     * After any other change (nothing to gate or roll back): the instance is queued, and a sync
     * starts only if none is pending, so a burst of changes costs a few syncs, not one each.
     */
    public void afterChange(Instance instance) {
        if (queue.markDirty(instance.id())) {
            workflows.start(STATE_MACHINE, "queued-" + Ids.ulid(Instant.now()), "{\"queued\":true}");
        }
    }
}
