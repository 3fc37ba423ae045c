package dev.berth.core.port;

import dev.berth.core.monitoring.Notification;

/**
 * A way to tell people about incidents: e-mail (SES), a webhook (Slack and the like), or a
 * recording (the local runtime, tests). A failure throws; the monitor records it and goes on
 * with the other channels.
 */
public interface Notifier {
    /** A short name for the incident's record: {@code email}, {@code webhook}, {@code recording}. */
    String channel();

    void send(Notification notification);

    /** Whether this channel has anyone to tell about this notice (an e-mail channel needs a recipient). */
    default boolean reaches(Notification notification) {
        return true;
    }
}
