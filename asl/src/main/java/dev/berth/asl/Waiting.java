package dev.berth.asl;

import java.util.function.BooleanSupplier;

/**
 * Waits of Wait states and between Retry attempts, scaled by the execution's wait scale (0 skips
 * them): a stop cuts a wait short, the state machine's TimeoutSeconds ends it.
 */
final class Waiting implements ErrorHandling.Pause {
    private final double waitScale;
    private final Deadline deadline;
    private final BooleanSupplier stopped;

    Waiting(double waitScale, Deadline deadline, BooleanSupplier stopped) {
        this.waitScale = waitScale;
        this.deadline = deadline;
        this.stopped = stopped;
    }

    @Override
    public void sleep(double seconds) throws TaskFailure {
        long millis = (long) (seconds * 1000 * waitScale);
        if (millis <= 0) {
            return;
        }
        long end = System.currentTimeMillis() + millis;
        try {
            while (System.currentTimeMillis() < end && !stopped.getAsBoolean()) {
                deadline.check();
                long left = Math.max(1, end - System.currentTimeMillis());
                Thread.sleep(Math.min(Math.min(100, left), Math.max(1, deadline.remainingMillis())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TaskFailure.terminal("States.Aborted", "Interrupted");
        }
    }
}
