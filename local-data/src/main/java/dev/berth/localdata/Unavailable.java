package dev.berth.localdata;

/** Thrown by a launcher when its kind cannot run here; the message is the human reason. */
final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String reason) {
        super(reason, null, false, false);
    }
}
