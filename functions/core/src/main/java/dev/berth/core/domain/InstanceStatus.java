package dev.berth.core.domain;

import java.util.Locale;
import java.util.Optional;

public enum InstanceStatus {
    ACTIVE, ARCHIVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<InstanceStatus> fromWire(String value) {
        for (InstanceStatus status : values()) {
            if (status.wireName().equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
