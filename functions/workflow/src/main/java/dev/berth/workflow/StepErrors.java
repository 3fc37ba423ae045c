package dev.berth.workflow;

import dev.berth.core.port.compute.CloudException;
import java.util.function.Supplier;

/**
 * How a step reports a failure outside the process to its state machine: as the error name its
 * Retry matches ({@link TransientStepException}) or the one only its Catch takes
 * ({@link PermanentStepException}).
 */
public final class StepErrors {
    private StepErrors() {
    }

    public static <T> T cloud(Supplier<T> call) {
        try {
            return call.get();
        } catch (CloudException e) {
            throw translate(e);
        }
    }

    public static RuntimeException translate(CloudException e) {
        return e.isTransient() ? new TransientStepException(e.getMessage(), e) : new PermanentStepException(e.getMessage(), e);
    }
}
