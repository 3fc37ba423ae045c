package dev.berth.core.monitoring;

import java.time.Instant;

/**
 * What the monitor tells people: an instance went down, is still down, or answers again.
 *
 * @param recipients the instance's own e-mail addresses (its owner's), beside the channels' global ones
 */
public record Notification(Kind kind, String incidentId, String instanceId, String instanceName, String url, String reason, Instant at,
                           java.util.List<String> recipients) {

    public Notification {
        recipients = recipients == null ? java.util.List.of() : java.util.List.copyOf(recipients);
    }

    public enum Kind { DOWN, STILL_DOWN, RECOVERED }

    /** One line for a chat message or an e-mail subject. */
    public String headline() {
        return switch (kind) {
            case DOWN -> instanceName + " is down: " + url + " " + reason;
            case STILL_DOWN -> instanceName + " is still down: " + url + " " + reason;
            case RECOVERED -> instanceName + " answers again: " + url;
        };
    }

    /** The full text: what happened, when, and which incident to look up. */
    public String text() {
        return headline() + "\nAt " + at + ". Incident " + incidentId + " of instance " + instanceId + ".";
    }
}
