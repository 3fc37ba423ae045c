package dev.berth.cli;

/** A failure to report in one message (never a stack trace), with the exit code it ends with. */
public class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
