package dev.berth.core.data;

/** The data tier cannot serve a launch (no server of a needed kind accepts, a missing admin password): a reason for the operator. */
public final class DataTierRefusal extends RuntimeException {

    public DataTierRefusal(String reason) {
        super(reason);
    }
}
