package dev.berth.core.port.compute;

/**
 * A failure outside the process. {@link Transient} ones (5xx, connection refused, timeouts) may
 * pass on a retry; {@link Permanent} ones (bad flavor, authentication, host key mismatch) will not.
 */
public abstract class CloudException extends RuntimeException {
    protected CloudException(String message, Throwable cause) {
        super(message, cause);
    }

    public abstract boolean isTransient();

    public static final class Transient extends CloudException {
        public Transient(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public boolean isTransient() {
            return true;
        }
    }

    public static final class Permanent extends CloudException {
        public Permanent(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public boolean isTransient() {
            return false;
        }
    }
}
