package dev.berth.core.monitoring;

import dev.berth.core.repository.Document;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An instance that stopped answering: opened by the monitor at the first failed check, closed
 * when it answers again. At most one open incident per instance (a guarded key). Every notice
 * sent about it is kept, with what each channel answered.
 */
public record Incident(String id, String instanceId, String instanceName, String url, String reason, Instant openedAt,
                       Instant closedAt, Instant lastNotifiedAt, List<Notice> notices, long version) implements Document {

    /** One notification about the incident, and how each channel took it ("delivered" or the failure). */
    public record Notice(Instant at, Notification.Kind kind, java.util.Map<String, String> channels) {
        public Notice {
            channels = java.util.Map.copyOf(channels);
        }
    }

    public Incident {
        notices = List.copyOf(notices);
    }

    /** The unique key that keeps one open incident per instance. */
    public static String openKey(String instanceId) {
        return "open-incident:" + instanceId;
    }

    /** Newest first: the time until the far future, zero-padded. */
    @Override
    public String sortKey() {
        return String.format("%019d", Long.MAX_VALUE - openedAt.toEpochMilli());
    }

    public boolean open() {
        return closedAt == null;
    }

    public Incident noticed(Notice notice, String latestReason) {
        List<Notice> all = new ArrayList<>(notices);
        all.add(notice);
        return new Incident(id, instanceId, instanceName, url, latestReason, openedAt, closedAt, notice.at(), all, version + 1);
    }

    public Incident closed(Instant at, Notice notice) {
        List<Notice> all = new ArrayList<>(notices);
        if (notice != null) {
            all.add(notice);
        }
        return new Incident(id, instanceId, instanceName, url, reason, openedAt, at, notice == null ? lastNotifiedAt : notice.at(), all,
                version + 1);
    }
}
