package dev.berth.asl;

/** A state's error, named as Step Functions names it ({@code States.Timeout}, a Lambda's exception class). */
public final class TaskFailure extends Exception {
    private final String error;

    public TaskFailure(String error, String cause) {
        super(cause);
        this.error = error;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return getMessage();
    }
}
