package dev.berth.core.repository;

import java.util.Set;

/**
 * Coalesces routing syncs: a change marks its instance dirty; only the change that finds no sync
 * pending starts one, and that sync takes every dirty instance at once. A burst of N changes thus
 * runs one sync at a time plus at most one pending, each applying the whole table once.
 */
public interface RoutingQueue {

    /** Marks the instance dirty; true when no sync was pending, so the caller must start one. */
    boolean markDirty(String instanceId);

    /** Takes (and clears) the dirty instances; a later change starts a new sync. */
    Set<String> takeDirty();
}
