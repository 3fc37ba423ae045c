package dev.berth.workflow.routing;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.port.Dns;
import dev.berth.core.domain.DnsPublication;
import dev.berth.core.port.routing.DnsRecord;
import dev.berth.core.repository.Documents;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import dev.berth.core.port.LoadBalancer;
import dev.berth.core.port.routing.ApplyReport;
import dev.berth.core.repository.Instances;
import dev.berth.core.service.ActivationService;
import dev.berth.core.service.RoutingService;
import dev.berth.workflow.step.CaughtError;
import dev.berth.workflow.step.HeartbeatNotYetException;
import dev.berth.workflow.step.PermanentStepException;
import java.util.List;
import java.util.Map;

/**
 * The steps of the SyncRouting state machine: bring the load balancer and DNS to match the
 * table, hold an activation to the health gate, roll it back when the new server does not answer.
 */
public final class RoutingSteps {

    /** applyRouting's input: the instance whose change asked for it (null: none, e.g. at start-up). */
    public record InstanceRef(String instanceId) {
    }

    public record Applied(int applied, Map<String, String> skipped) {
    }

    public record GateInput(String instanceId, long instanceVersion) {
    }

    /** {@code passed}, {@code superseded} (a newer change has its own gate) or {@code dark} (nothing active). */
    public record Gate(String gate) {
    }

    /** The error the state machine caught, as Step Functions hands it over. */

    public record RollbackInput(String instanceId, long instanceVersion, List<String> previousActive, CaughtError failure) {
    }

    public record RolledBack(boolean rolledBack, String reason) {
    }

    private final Instances instances;
    private final RoutingService routing;
    private final ActivationService activation;
    private final LoadBalancer loadBalancer;
    private final dev.berth.core.repository.RoutingQueue queue;
    private final Dns dns;
    private final Documents<DnsPublication> published;
    private final String dnsTarget;
    private final String heartbeatPath;

    public RoutingSteps(Instances instances, dev.berth.core.repository.RoutingQueue queue, RoutingService routing, ActivationService activation,
                        LoadBalancer loadBalancer, Dns dns, Documents<DnsPublication> published,
                        String dnsTarget, String heartbeatPath) {
        this.published = published;
        this.instances = instances;
        this.routing = routing;
        this.activation = activation;
        this.queue = queue;
        this.loadBalancer = loadBalancer;
        this.dns = dns;
        this.dnsTarget = dnsTarget;
        this.heartbeatPath = heartbeatPath;
    }

    public Applied applyRouting(String instanceId) {
        ApplyReport report = loadBalancer.apply(routing.table());
        if (instanceId != null) {
            String skipped = report.skipped().get(instanceId);
            if (skipped != null) {
                throw new PermanentStepException("The load balancer skipped instance " + instanceId + ": " + skipped, null);
            }
            instances.find(instanceId).ifPresent(this::publishDns);
        }
        return new Applied(report.applied().size(), report.skipped());
    }

    /**
     * A queued sync: takes every instance changed since the last one, applies the whole table once
     * and the DNS records of those instances. Changes that arrive meanwhile queue the next sync.
     */
    public Applied applyQueued() {
        java.util.Set<String> dirty = queue.takeDirty();
        ApplyReport report = loadBalancer.apply(routing.table());
        for (String instanceId : dirty) {
            instances.find(instanceId).ifPresent(this::publishDns);
        }
        return new Applied(report.applied().size(), report.skipped());
    }

    /**
     * Brings the instance's DNS records to what it is now: its names (and its previews' wildcard)
     * while it is active, none once archived; names it had before a rename go. The wildcard is
     * shared by the instances of a base domain, so it is never taken back.
     */
    void publishDns(Instance instance) {
        List<DnsRecord> wanted = instance.status() == InstanceStatus.ACTIVE ? RoutingService.dnsRecords(instance, dnsTarget, 300) : List.of();
        Optional<DnsPublication> before = published.find(instance.id());
        Set<String> keep = new HashSet<>();
        wanted.forEach(r -> keep.add(r.fqdn()));
        List<DnsRecord> stale = before.map(DnsPublication::records).orElse(List.of()).stream()
                .filter(r -> !keep.contains(r.fqdn()) && !r.fqdn().startsWith("*.")).toList();
        if (!stale.isEmpty()) {
            dns.delete(stale);
        }
        if (!wanted.isEmpty()) {
            dns.upsert(wanted);
        }
        if (instance.status() != InstanceStatus.ACTIVE) {
            dns.delete(RoutingService.dnsRecords(instance, dnsTarget, 300).stream().filter(r -> !r.fqdn().startsWith("*.")).toList());
        }
        DnsPublication next = new DnsPublication(instance.id(), wanted, before.map(p -> p.version() + 1).orElse(1L));
        if (before.isEmpty()) {
            if (!wanted.isEmpty()) {
                published.create(next, Set.of(), null);
            }
        } else if (wanted.isEmpty()) {
            published.delete(before.get(), Set.of(), null);
        } else if (!before.get().records().equals(wanted)) {
            published.update(before.get(), next, Set.of(), Set.of(), null);
        }
    }

    /** Passes when the instance's domain answers its heartbeat through the load balancer. */
    public Gate healthGate(String instanceId, long instanceVersion) {
        Instance instance = instances.get(instanceId);
        if (instance.version() != instanceVersion) {
            return new Gate("superseded");
        }
        if (instance.activeAppServerIds().isEmpty()) {
            return new Gate("dark");
        }
        int status = loadBalancer.probe(instance.domains().lms(), heartbeatPath);
        if (status != 200) {
            throw new HeartbeatNotYetException("HTTP " + status + " from " + instance.domains().lms() + heartbeatPath + " through the load balancer");
        }
        return new Gate("passed");
    }

    public RolledBack rollback(RollbackInput input) {
        String reason = input.failure() == null || input.failure().cause() == null ? "the health gate failed" : input.failure().cause();
        boolean rolledBack = activation.rollback(input.instanceId(), input.instanceVersion(), input.previousActive(), reason);
        return new RolledBack(rolledBack, "The new active set did not pass the health gate: " + reason);
    }
}
