package dev.berth.core.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An app server's life: {@code new → waiting (VM booting) → configuring (deploying) → running},
 * or {@code error} (the VM never became usable) / {@code failed} (the deployment failed; the VM is
 * kept for debugging); {@code running|error|failed → terminated}.
 */
public enum AppServerStatus {
    NEW, WAITING, CONFIGURING, RUNNING, ERROR, FAILED, TERMINATED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AppServerStatus> fromWire(String value) {
        for (AppServerStatus status : values()) {
            if (status.wireName().equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /** No step of a launch will move the server on from here. */
    public boolean isSettled() {
        return this == RUNNING || this == ERROR || this == FAILED || this == TERMINATED;
    }

    public boolean canMoveTo(AppServerStatus next) {
        return switch (this) {
            case NEW -> Set.of(WAITING, ERROR, TERMINATED).contains(next);
            case WAITING -> Set.of(CONFIGURING, ERROR, TERMINATED).contains(next);
            case CONFIGURING -> Set.of(RUNNING, FAILED, ERROR, TERMINATED).contains(next);
            case RUNNING, ERROR, FAILED -> next == TERMINATED;
            case TERMINATED -> false;
        };
    }
}
