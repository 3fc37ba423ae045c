package dev.berth.core.port.compute;

/** A VM's state, whatever the provider calls it. */
public enum ServerState {
    BUILDING, ACTIVE, ERROR, DELETED, UNKNOWN
}
