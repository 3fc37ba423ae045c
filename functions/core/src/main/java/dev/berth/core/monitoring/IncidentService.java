package dev.berth.core.monitoring;

import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.repository.Documents;
import dev.berth.core.repository.Page;

/** Reading incidents, newest first: anyone who may read the fleet may see what went down. */
public final class IncidentService {
    private final Documents<Incident> incidents;

    public IncidentService(Documents<Incident> incidents) {
        this.incidents = incidents;
    }

    /**
     * A page of incidents, only open ones or one instance's if asked; a page may hold fewer than
     * {@code limit} when filtered, and {@code nextCursor} goes on from where it stopped.
     */
    public Page<Incident> list(Principal caller, Boolean open, String instanceId, int limit, String cursor) {
        caller.require(Role.VIEWER);
        Page<Incident> page = incidents.list(limit, cursor);
        return new Page<>(page.items().stream()
                .filter(i -> open == null || i.open() == open)
                .filter(i -> instanceId == null || i.instanceId().equals(instanceId))
                .toList(), page.nextCursor());
    }

    public Incident get(Principal caller, String id) {
        caller.require(Role.VIEWER);
        return incidents.get(id, "Incident");
    }
}
