package dev.berth.workflow.step;

/**
 * A step failed for a reason that may pass (cloud 5xx, SSH connection refused): the state
 * machine retries on this error name, {@code dev.berth.workflow.step.TransientStepException}.
 */
public final class TransientStepException extends RuntimeException {
    public TransientStepException(String message, Throwable cause) {
        super(message, cause);
    }
}
