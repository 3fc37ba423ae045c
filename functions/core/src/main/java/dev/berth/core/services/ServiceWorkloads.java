package dev.berth.core.services;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.nodes.NodeWorkloads;
import dev.berth.core.repository.Services;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The colours running on a node, as a node's destroy sees them; a forced destroy marks them terminated. */
public final class ServiceWorkloads implements NodeWorkloads {
    private final Services services;
    private final Clock clock;

    public ServiceWorkloads(Services services, Clock clock) {
        this.services = services;
        this.clock = clock;
    }

    @Override
    public List<String> on(String nodeId) {
        List<String> running = new ArrayList<>();
        for (Service service : services.all()) {
            service.colours().forEach((colour, state) -> {
                if (nodeId.equals(state.nodeId()) && !state.status().equals("terminated")) {
                    running.add("service " + service.name() + ", colour " + colour);
                }
            });
        }
        return running;
    }

    @Override
    public void terminateAll(String nodeId, String reason) {
        for (Service service : services.all()) {
            Service current = service;
            for (Map.Entry<String, Service.ColourState> colour : service.colours().entrySet()) {
                Service.ColourState state = colour.getValue();
                if (nodeId.equals(state.nodeId()) && !state.status().equals("terminated")) {
                    Service updated = current.withColour(colour.getKey(), new Service.ColourState(state.nodeId(), state.container(),
                            state.imageTag(), "terminated", state.alternate(), clock.instant(), reason, state.build(), state.generation()),
                            clock.instant());
                    services.update(current, updated, new AuditEntry("svc:" + service.name(), "service", "colour.terminated", "system:nodes",
                            clock.instant(), current.version(), updated.version(), colour.getKey() + " of " + service.name() + " stopped: " + reason));
                    current = updated;
                }
            }
        }
    }
}
