package dev.berth.core.drupal;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A site's lifecycle, validated on the server. The transient states ({@code installing},
 * {@code launching}, {@code take_down}, {@code restore}) are entered by the API and left only by
 * the SiteLifecycle state machine.
 */
public enum SiteStatus {
    PENDING, AVAILABLE, INSTALLING, INSTALLED, LAUNCHING, LAUNCHED, LOCKED, TAKE_DOWN, DOWN, RESTORE;

    private static final Map<SiteStatus, Set<SiteStatus>> NEXT = Map.of(
            PENDING, EnumSet.of(AVAILABLE),
            AVAILABLE, EnumSet.of(INSTALLING),
            INSTALLING, EnumSet.of(INSTALLED),
            INSTALLED, EnumSet.of(LAUNCHING, TAKE_DOWN),
            LAUNCHING, EnumSet.of(LAUNCHED),
            LAUNCHED, EnumSet.of(LOCKED, TAKE_DOWN),
            LOCKED, EnumSet.of(LAUNCHED, TAKE_DOWN),
            TAKE_DOWN, EnumSet.of(DOWN),
            DOWN, EnumSet.of(RESTORE),
            RESTORE, EnumSet.of(INSTALLED));

    /** Entered by the API, left only by the state machine. */
    public static final Set<SiteStatus> TRANSIENT = EnumSet.of(INSTALLING, LAUNCHING, TAKE_DOWN, RESTORE);

    public Set<SiteStatus> next() {
        return NEXT.getOrDefault(this, EnumSet.noneOf(SiteStatus.class));
    }

    public boolean canBecome(SiteStatus target) {
        return next().contains(target);
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SiteStatus> fromWire(String value) {
        for (SiteStatus status : values()) {
            if (status.wireName().equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
