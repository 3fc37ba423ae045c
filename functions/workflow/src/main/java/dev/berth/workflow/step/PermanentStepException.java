package dev.berth.workflow.step;

/** A step failed for a reason a retry will not fix (bad flavor, authentication refused): caught, not retried. */
public final class PermanentStepException extends RuntimeException {
    public PermanentStepException(String message, Throwable cause) {
        super(message, cause);
    }
}
