package dev.berth.workflow.routing;

import static dev.berth.workflow.StepErrors.cloud;

import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.port.ComputeProvider;
import dev.berth.core.port.Dns;
import dev.berth.core.port.LoadBalancer;
import dev.berth.core.port.compute.CloudException;
import dev.berth.core.port.routing.ApplyReport;
import dev.berth.core.service.ActivationService;
import dev.berth.core.service.RoutingService;
import dev.berth.core.store.AppServerStore;
import dev.berth.core.store.InstanceStore;
import dev.berth.workflow.HeartbeatNotYetException;
import dev.berth.workflow.PermanentStepException;
import java.util.List;
import java.util.Map;

/**
 * The steps of the SyncRouting and TerminateAppServer state machines: bring the load balancer
 * and DNS to match the table, hold an activation to the health gate, roll it back when the new
 * server does not answer, delete a terminated server's VM.
 */
public final class RoutingSteps {
    private final InstanceStore instances;
    private final AppServerStore appServers;
    private final RoutingService routing;
    private final ActivationService activation;
    private final LoadBalancer loadBalancer;
    private final Dns dns;
    private final ComputeProvider compute;
    private final String dnsTarget;
    private final String heartbeatPath;

    public RoutingSteps(InstanceStore instances, AppServerStore appServers, RoutingService routing, ActivationService activation,
                        LoadBalancer loadBalancer, Dns dns, ComputeProvider compute, String dnsTarget, String heartbeatPath) {
        this.instances = instances;
        this.appServers = appServers;
        this.routing = routing;
        this.activation = activation;
        this.loadBalancer = loadBalancer;
        this.dns = dns;
        this.compute = compute;
        this.dnsTarget = dnsTarget;
        this.heartbeatPath = heartbeatPath;
    }

    public Map<String, Object> applyRouting(String instanceId) {
        ApplyReport report = cloud(() -> loadBalancer.apply(routing.table()));
        if (instanceId != null) {
            String skipped = report.skipped().get(instanceId);
            if (skipped != null) {
                throw new PermanentStepException("The load balancer skipped instance " + instanceId + ": " + skipped, null);
            }
            instances.find(instanceId).ifPresent(instance -> cloud(() -> {
                var records = RoutingService.dnsRecords(instance, dnsTarget, 300);
                if (instance.status() == InstanceStatus.ACTIVE) {
                    dns.upsert(records);
                } else {
                    dns.delete(records);
                }
                return null;
            }));
        }
        return Map.of("applied", report.applied().size(), "skipped", report.skipped());
    }

    /** Passes when the instance's domain answers its heartbeat through the load balancer. */
    public Map<String, Object> healthGate(String instanceId, long instanceVersion) {
        Instance instance = instances.get(instanceId);
        if (instance.version() != instanceVersion) {
            return Map.of("gate", "superseded");
        }
        if (instance.activeAppServerIds().isEmpty()) {
            return Map.of("gate", "dark");
        }
        int status = loadBalancer.probe(instance.domains().lms(), heartbeatPath);
        if (status != 200) {
            throw new HeartbeatNotYetException("HTTP " + status + " from " + instance.domains().lms() + heartbeatPath + " through the load balancer");
        }
        return Map.of("gate", "passed");
    }

    public Map<String, Object> rollback(String instanceId, long instanceVersion, List<String> previousActive, String reason) {
        boolean rolledBack = activation.rollback(instanceId, instanceVersion, previousActive, reason);
        return Map.of("rolledBack", rolledBack, "reason", "The new active set did not pass the health gate: " + reason);
    }

    public Map<String, Object> deleteVm(String appServerId) {
        AppServer server = appServers.get(appServerId);
        if (server.vm() != null && server.vm().serverId() != null) {
            cloud(() -> {
                compute.delete(server.vm().serverId());
                return null;
            });
        }
        return Map.of("instanceId", server.instanceId(), "deleted", server.vm() != null && server.vm().serverId() != null);
    }
}
