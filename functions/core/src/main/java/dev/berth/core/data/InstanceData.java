package dev.berth.core.data;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An instance's persistent data set: one placement per kind it needs. Made on its first launch
 * ({@code PROVISIONING} until every database exists), kept across launches and archive, dropped
 * by a purge.
 */
public record InstanceData(String instanceId, List<DataPlacement> placements, State state, Instant createdAt, Instant updatedAt,
                           long version) {

    public enum State {
        PROVISIONING, READY, DROPPING;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public InstanceData {
        placements = List.copyOf(placements);
    }

    public Optional<DataPlacement> placement(DataKind kind) {
        return placements.stream().filter(p -> p.kind() == kind).findFirst();
    }

    public InstanceData with(State newState, List<DataPlacement> newPlacements, Instant now) {
        return new InstanceData(instanceId, newPlacements, newState, createdAt, now, version + 1);
    }

    public boolean rotating() {
        return placements.stream().anyMatch(p -> p.retiringUser() != null);
    }
}
