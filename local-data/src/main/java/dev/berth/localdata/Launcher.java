package dev.berth.localdata;

/** Starts one kind of server; everything it starts is handed to {@link LaunchContext#track}. */
interface Launcher {
    /**
     * Starts the server and returns once it accepts connections.
     *
     * @throws Unavailable when the kind cannot run here (missing binaries, failed start); the message says why
     */
    RunningServer launch(LaunchContext context) throws Unavailable, Exception;
}
