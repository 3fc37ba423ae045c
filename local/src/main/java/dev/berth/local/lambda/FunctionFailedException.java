package dev.berth.local.lambda;

/** The handler threw: Lambda would report an unhandled function error. */
public final class FunctionFailedException extends Exception {
    public FunctionFailedException(String functionName, String requestId, Throwable cause) {
        super("Function " + functionName + " failed (request " + requestId + "): " + cause, cause);
    }
}
