package dev.berth.workflow.step;

/** The deployed application does not answer its heartbeat yet; the state machine retries a few times. */
public final class HeartbeatNotYetException extends RuntimeException {
    public HeartbeatNotYetException(String message) {
        super(message);
    }
}
