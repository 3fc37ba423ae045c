package dev.berth.core.monitoring;

import dev.berth.core.Ids;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.domain.Instance;
import dev.berth.core.error.BerthException;
import dev.berth.core.port.LoadBalancer;
import dev.berth.core.port.Notifier;
import dev.berth.core.repository.Documents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks that an instance answers through the load balancer (its LMS domain's heartbeat, as a
 * visitor would reach it) and keeps its incident: opened and notified at the first failed check,
 * re-notified at most every {@code renotifyAfter} while it lasts, closed with a recovery notice.
 * No alert storm: one open incident per instance, guarded by a unique key.
 */
public final class InstanceMonitor {
    private static final String ACTOR = "monitor";
    private final Documents<Incident> incidents;
    private final Supplier<LoadBalancer> loadBalancer;
    private final Supplier<List<Notifier>> notifiers;
    private final String heartbeatPath;
    private final java.util.function.UnaryOperator<String> publicUrl;
    private final Duration renotifyAfter;
    private final Clock clock;

    public InstanceMonitor(Documents<Incident> incidents, Supplier<LoadBalancer> loadBalancer, Supplier<List<Notifier>> notifiers, String heartbeatPath,
                           java.util.function.UnaryOperator<String> publicUrl, Duration renotifyAfter, Clock clock) {
        this.incidents = incidents;
        this.loadBalancer = loadBalancer;
        this.notifiers = notifiers;
        this.heartbeatPath = heartbeatPath;
        this.publicUrl = publicUrl;
        this.renotifyAfter = renotifyAfter;
        this.clock = clock;
    }

    /** What one check did: nothing, opened, re-notified or closed an incident. */
    public enum Outcome { HEALTHY, OPENED, STILL_DOWN, RECOVERED, CLOSED_UNSERVED }

    /** Checks a served instance (one with active app servers). */
    public Outcome check(Instance instance) {
        String host = instance.domains().lms();
        int status = loadBalancer.get().probe(host, heartbeatPath);
        if (status != 200) {
            status = loadBalancer.get().probe(host, heartbeatPath); // one more try: a single lost request is not an outage
        }
        Optional<Incident> open = openIncident(instance.id());
        Instant now = clock.instant();
        if (status == 200) {
            if (open.isEmpty()) {
                return Outcome.HEALTHY;
            }
            Incident incident = open.get();
            close(incident, notify(Notification.Kind.RECOVERED, incident, incident.reason(), now), now);
            return Outcome.RECOVERED;
        }
        String reason = status == 502 || status == 0 ? "(no answer)" : "(HTTP " + status + " from " + heartbeatPath + ")";
        if (open.isEmpty()) {
            Incident incident = new Incident("inc-" + Ids.ulid(now), instance.id(), instance.settings().name(), url(host), reason, now, null, null,
                    List.of(), 1);
            try {
                incidents.create(incident, Set.of(Incident.openKey(instance.id())), audit(incident, "opened: " + reason, 0, 1));
            } catch (BerthException e) {
                if (e.kind() == BerthException.Kind.CONFLICT) {
                    return Outcome.STILL_DOWN; // a concurrent check opened it first (and notified)
                }
                throw e;
            }
            Incident noticed = incident.noticed(notify(Notification.Kind.DOWN, incident, reason, now), reason);
            incidents.update(incident, noticed, Set.of(Incident.openKey(instance.id())), Set.of(Incident.openKey(instance.id())), null);
            return Outcome.OPENED;
        }
        Incident incident = open.get();
        if (incident.lastNotifiedAt() == null || !now.isBefore(incident.lastNotifiedAt().plus(renotifyAfter))) {
            Incident noticed = incident.noticed(notify(Notification.Kind.STILL_DOWN, incident, reason, now), reason);
            incidents.update(incident, noticed, Set.of(Incident.openKey(instance.id())), Set.of(Incident.openKey(instance.id())), null);
        }
        return Outcome.STILL_DOWN;
    }

    /**
     * Closes the open incident of an instance nobody serves any more (deactivated, archived):
     * there is nothing left to be down, and no recovery to announce.
     */
    public Outcome unserved(String instanceId) {
        Optional<Incident> open = openIncident(instanceId);
        if (open.isEmpty()) {
            return Outcome.HEALTHY;
        }
        close(open.get(), null, clock.instant());
        return Outcome.CLOSED_UNSERVED;
    }

    public Optional<Incident> openIncident(String instanceId) {
        return incidents.owner(Incident.openKey(instanceId)).flatMap(incidents::find);
    }

    private void close(Incident incident, Incident.Notice notice, Instant now) {
        Incident closed = incident.closed(now, notice);
        incidents.update(incident, closed, Set.of(Incident.openKey(incident.instanceId())), Set.of(),
                audit(closed, notice == null ? "closed: the instance is no longer served" : "closed: it answers again",
                        incident.version(), closed.version()));
    }

    /** Sends on every channel; a channel's failure is recorded and does not stop the others. */
    private Incident.Notice notify(Notification.Kind kind, Incident incident, String reason, Instant now) {
        Notification notification = new Notification(kind, incident.id(), incident.instanceId(), incident.instanceName(), incident.url(),
                reason, now);
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (Notifier notifier : notifiers.get()) {
            try {
                notifier.send(notification);
                outcomes.put(notifier.channel(), "delivered");
            } catch (RuntimeException e) {
                outcomes.put(notifier.channel(), "failed: " + e.getMessage());
            }
        }
        return new Incident.Notice(now, kind, outcomes);
    }

    private String url(String host) {
        return publicUrl.apply(host);
    }

    private static AuditEntry audit(Incident incident, String change, long from, long to) {
        return new AuditEntry(incident.id(), "incident", "status", ACTOR, incident.closedAt() != null ? incident.closedAt() : incident.openedAt(),
                from, to, change);
    }
}
