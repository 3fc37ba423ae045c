package dev.berth.workflow.step;

import dev.berth.core.error.BerthException;
import dev.berth.core.port.compute.CloudException;

/**
 * The one error-translation policy of steps: how a failure reaches the state machine. Transient
 * ones (a cloud 5xx, a connection refused, a transaction that met another) become
 * {@link TransientStepException}, the name the machines' Retry matches; permanent ones (bad
 * flavor, authentication refused, an item that does not exist) become
 * {@link PermanentStepException}, which only a Catch takes. {@link HeartbeatNotYetException}
 * keeps its own name (its Retry waits longer).
 */
public final class StepErrors {
    private StepErrors() {
    }

    public static RuntimeException translate(RuntimeException e) {
        if (e instanceof TransientStepException || e instanceof PermanentStepException || e instanceof HeartbeatNotYetException) {
            return e;
        }
        if (e instanceof CloudException cloud) {
            return cloud.isTransient() ? new TransientStepException(e.getMessage(), e) : new PermanentStepException(e.getMessage(), e);
        }
        if (e instanceof BerthException berth) {
            return "transaction_conflict".equals(berth.code()) ? new TransientStepException(e.getMessage(), e)
                    : new PermanentStepException(e.getMessage(), e);
        }
        return e;
    }
}
