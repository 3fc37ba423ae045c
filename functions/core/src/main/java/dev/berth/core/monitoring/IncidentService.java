package dev.berth.core.monitoring;

import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.repository.Documents;
import dev.berth.core.repository.Page;
import java.util.ArrayList;
import java.util.List;

/** Reading incidents, newest first: anyone who may read the fleet may see what went down. */
public final class IncidentService {
    private static final int SCAN_PAGES = 20;
    private final Documents<Incident> incidents;

    public IncidentService(Documents<Incident> incidents) {
        this.incidents = incidents;
    }

    /**
     * A page of incidents, only open ones or one instance's if asked. Filtered pages read on
     * (each read asking only for what is missing, up to {@code SCAN_PAGES} reads) so that an open
     * incident behind many closed ones is found; {@code nextCursor} goes on from where it stopped.
     */
    public Page<Incident> list(Principal caller, Boolean open, String instanceId, int limit, String cursor) {
        caller.require(Role.VIEWER);
        List<Incident> found = new ArrayList<>();
        String next = cursor;
        int reads = 0;
        do {
            Page<Incident> page = incidents.list(limit - found.size(), next);
            page.items().stream()
                    .filter(i -> open == null || i.open() == open)
                    .filter(i -> instanceId == null || i.instanceId().equals(instanceId))
                    .forEach(found::add);
            next = page.nextCursor();
        } while (next != null && found.size() < limit && ++reads < SCAN_PAGES);
        return new Page<>(found, next);
    }

    public Incident get(Principal caller, String id) {
        caller.require(Role.VIEWER);
        return incidents.get(id, "Incident");
    }
}
