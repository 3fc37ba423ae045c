package dev.berth.core.domain;

import java.time.Instant;
import java.util.List;

/** An instance: its settings, its lifecycle status and the app servers that serve it now. */
public record Instance(
        String id,
        InstanceSettings settings,
        InstanceStatus status,
        List<String> activeAppServerIds,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public Instance {
        activeAppServerIds = List.copyOf(activeAppServerIds);
    }

    public Domains domains() {
        return settings.domains();
    }

    public Instance withSettings(InstanceSettings newSettings, Instant now) {
        return new Instance(id, newSettings, status, activeAppServerIds, createdAt, now, version + 1);
    }

    public Instance withStatus(InstanceStatus newStatus, Instant now) {
        return new Instance(id, settings, newStatus, activeAppServerIds, createdAt, now, version + 1);
    }
}
