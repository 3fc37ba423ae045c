package dev.berth.core.data;

/** A data server refused or failed an operation; the message names the server, never a password. */
public final class DataServerFailure extends RuntimeException {

    public DataServerFailure(DataServer server, String what, Throwable cause) {
        super(server.kind().wireName() + " server '" + server.name() + "' (" + server.address() + ") " + what, cause);
    }
}
