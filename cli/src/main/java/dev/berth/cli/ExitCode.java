package dev.berth.cli;

/** The exit codes, as {@code berth --help} and the README list them. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int NOT_FOUND = 3;
    public static final int CONFLICT = 4;
    public static final int AUTH = 5;

    private ExitCode() {
    }

    /** The exit code of an HTTP error status. */
    public static int ofStatus(int status) {
        return switch (status) {
            case 401, 403 -> AUTH;
            case 404 -> NOT_FOUND;
            case 409, 412 -> CONFLICT;
            default -> FAILURE;
        };
    }
}
