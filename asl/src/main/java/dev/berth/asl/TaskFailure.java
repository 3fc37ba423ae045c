package dev.berth.asl;

/**
 * A state's error, named as Step Functions names it ({@code States.Timeout}, a Lambda's exception
 * class), with how Retry and Catch see it: whether it came out of a Parallel branch (then
 * {@code States.BranchFailed} matches it too) and whether it ends the execution whatever the
 * catchers say (the execution's own TimeoutSeconds, a stop).
 */
public final class TaskFailure extends Exception {
    private final String error;
    private final boolean fromBranch;
    private final boolean terminal;

    public TaskFailure(String error, String cause) {
        this(error, cause, false, false);
    }

    private TaskFailure(String error, String cause, boolean fromBranch, boolean terminal) {
        super(cause);
        this.error = error;
        this.fromBranch = fromBranch;
        this.terminal = terminal;
    }

    /** An error no retrier or catcher handles: it ends the execution. */
    static TaskFailure terminal(String error, String cause) {
        return new TaskFailure(error, cause, false, true);
    }

    /** The same error, as a failed Parallel branch reports it. */
    TaskFailure fromBranch() {
        return new TaskFailure(error, getMessage(), true, terminal);
    }

    public String error() {
        return error;
    }

    public String cause() {
        return getMessage();
    }

    boolean isFromBranch() {
        return fromBranch;
    }

    boolean isTerminal() {
        return terminal;
    }
}
