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
    private final java.util.function.Function<String, List<Notifier>> instanceChannels;
    private final String heartbeatPath;
    private final java.util.function.UnaryOperator<String> publicUrl;
    private final Duration renotifyAfter;
    private final Clock clock;

    /**
     * @param notifiers        the global channels
     * @param instanceChannels an instance's own channels (its webhook), by instance id
     */
    public InstanceMonitor(Documents<Incident> incidents, Supplier<LoadBalancer> loadBalancer, Supplier<List<Notifier>> notifiers,
                           java.util.function.Function<String, List<Notifier>> instanceChannels, String heartbeatPath,
                           java.util.function.UnaryOperator<String> publicUrl, Duration renotifyAfter, Clock clock) {
        this.incidents = incidents;
        this.loadBalancer = loadBalancer;
        this.notifiers = notifiers;
        this.instanceChannels = instanceChannels;
        this.heartbeatPath = heartbeatPath;
        this.publicUrl = publicUrl;
        this.renotifyAfter = renotifyAfter;
        this.clock = clock;
    }

    /** What one check did: nothing, opened, re-notified or closed an incident. */
    public enum Outcome { HEALTHY, OPENED, STILL_DOWN, RECOVERED, CLOSED_UNSERVED }

    /** The incidents' subject when the load balancer itself does not answer: one incident, not one per instance. */
    public static final String LOAD_BALANCER = "load-balancer";
    /** A name no instance has: the balancer answers it (404) whenever it runs at all. */
    private static final String NO_SITE = "berth-monitor.invalid";

    /** Checks a served instance (one with active app servers); its owner and its own channels are told too. */
    public Outcome check(Instance instance) {
        String host = instance.domains().lms();
        int status = loadBalancer.get().probe(host, heartbeatPath);
        if (status != 200) {
            status = loadBalancer.get().probe(host, heartbeatPath); // one more try: a single lost request is not an outage
        }
        String reason = status == 200 ? null : status == 502 || status == 0 ? "(no answer)" : "(HTTP " + status + " from " + heartbeatPath + ")";
        List<String> owner = instance.settings().ownerEmail() == null || instance.settings().ownerEmail().isBlank() ? List.of()
                : List.of(instance.settings().ownerEmail());
        return track(instance.id(), instance.settings().name(), url(host), reason, owner);
    }

    /**
     * Whether the load balancer answers at all (any HTTP answer for a name it does not route); if
     * not, one incident for it, kept like an instance's. The job then leaves the instances alone:
     * they are not down, their way in is.
     */
    public Outcome checkLoadBalancer() {
        int status = loadBalancer.get().probe(NO_SITE, "/");
        if (status == 502 || status == 0) {
            status = loadBalancer.get().probe(NO_SITE, "/");
        }
        String reason = status == 502 || status == 0 ? "(the load balancer does not answer: every instance is unreachable)" : null;
        return track(LOAD_BALANCER, "The load balancer", url(NO_SITE), reason, List.of());
    }

    /** Keeps a subject's incident: {@code reason} null when it answers. */
    private Outcome track(String subject, String name, String url, String reason, List<String> recipients) {
        Optional<Incident> open = openIncident(subject);
        Instant now = clock.instant();
        if (reason == null) {
            if (open.isEmpty()) {
                return Outcome.HEALTHY;
            }
            Incident incident = open.get();
            close(incident, notify(Notification.Kind.RECOVERED, incident, incident.reason(), now, recipients), now);
            return Outcome.RECOVERED;
        }
        if (open.isEmpty()) {
            Incident incident = new Incident("inc-" + Ids.ulid(now), subject, name, url, reason, now, null, null, List.of(), 1);
            try {
                incidents.create(incident, Set.of(Incident.openKey(subject)), audit(incident, "opened: " + reason, 0, 1));
            } catch (BerthException e) {
                if (e.kind() == BerthException.Kind.CONFLICT) {
                    return Outcome.STILL_DOWN; // a concurrent check opened it first (and notified)
                }
                throw e;
            }
            Incident noticed = incident.noticed(notify(Notification.Kind.DOWN, incident, reason, now, recipients), reason);
            incidents.update(incident, noticed, Set.of(Incident.openKey(subject)), Set.of(Incident.openKey(subject)), null);
            return Outcome.OPENED;
        }
        Incident incident = open.get();
        if (incident.lastNotifiedAt() == null || !now.isBefore(incident.lastNotifiedAt().plus(renotifyAfter))) {
            Incident noticed = incident.noticed(notify(Notification.Kind.STILL_DOWN, incident, reason, now, recipients), reason);
            incidents.update(incident, noticed, Set.of(Incident.openKey(subject)), Set.of(Incident.openKey(subject)), null);
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

    /** Sends on every channel that reaches someone; a channel's failure is recorded and does not stop the others. */
    private Incident.Notice notify(Notification.Kind kind, Incident incident, String reason, Instant now, List<String> recipients) {
        Notification notification = new Notification(kind, incident.id(), incident.instanceId(), incident.instanceName(), incident.url(),
                reason, now, recipients);
        Map<String, String> outcomes = new LinkedHashMap<>();
        List<Notifier> channels = new java.util.ArrayList<>(notifiers.get());
        if (!incident.instanceId().equals(LOAD_BALANCER)) {
            try {
                channels.addAll(instanceChannels.apply(incident.instanceId()));
            } catch (RuntimeException e) {
                outcomes.put("instance", "failed: " + e.getMessage());
            }
        }
        for (Notifier notifier : channels) {
            if (!notifier.reaches(notification)) {
                continue;
            }
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
