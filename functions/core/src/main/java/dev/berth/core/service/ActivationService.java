package dev.berth.core.service;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.error.BerthException;
import dev.berth.core.port.Workflows;
import dev.berth.core.repository.ActiveSets;
import dev.berth.core.repository.AppServers;
import dev.berth.core.repository.Instances;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Blue/green: which app servers serve an instance. The change of the active set is one
 * conditional transaction; the load balancer and DNS are then brought to match it by the
 * {@value #ROUTING_STATE_MACHINE} state machine (with its health gate and rollback).
 */
public final class ActivationService {
    public static final String ROUTING_STATE_MACHINE = RoutingRequests.STATE_MACHINE;
    public static final String TERMINATE_STATE_MACHINE = "TerminateAppServer";

    private final Instances instances;
    private final AppServers appServers;
    private final ActiveSets activeSets;
    private final Workflows workflows;
    private final RoutingRequests routing;
    private final Clock clock;

    public ActivationService(Instances instances, AppServers appServers, ActiveSets activeSets, Workflows workflows, RoutingRequests routing,
                             Clock clock) {
        this.routing = routing;
        this.instances = instances;
        this.appServers = appServers;
        this.activeSets = activeSets;
        this.workflows = workflows;
        this.clock = clock;
    }

    /**
     * Puts a running app server behind the load balancer. Unless the instance allows several,
     * the app servers active until now leave in the same transaction.
     */
    public AppServer activate(Principal caller, String appServerId, Long expectedVersion) {
        caller.require(Role.MANAGER);
        AppServer server = appServers.get(appServerId);
        checkVersion(server, expectedVersion);
        if (server.status() != AppServerStatus.RUNNING) {
            throw BerthException.conflict("not_running", "Only a running app server can be activated; " + appServerId
                    + " is " + server.status().wireName(), Map.of("status", server.status().wireName()));
        }
        Instance instance = instances.get(server.instanceId());
        if (instance.status() != InstanceStatus.ACTIVE) {
            throw BerthException.conflict("instance_archived", "Instance " + instance.id() + " is archived", Map.of());
        }
        Set<String> active = new LinkedHashSet<>(instance.settings().allowMultipleActive() ? instance.activeAppServerIds() : List.of());
        active.add(appServerId);
        return change(caller, instance, new ArrayList<>(active), server, "activate", expectedVersion != null);
    }

    /**
     * Takes an app server out of the load balancer. The last active app server of a production
     * instance stays: production stays up (a sandbox may go dark).
     */
    public AppServer deactivate(Principal caller, String appServerId, Long expectedVersion) {
        caller.require(Role.MANAGER);
        AppServer server = appServers.get(appServerId);
        checkVersion(server, expectedVersion);
        Instance instance = instances.get(server.instanceId());
        if (!server.active() && !instance.activeAppServerIds().contains(appServerId)) {
            return server;
        }
        List<String> remaining = new ArrayList<>(instance.activeAppServerIds());
        remaining.remove(appServerId);
        if (remaining.isEmpty() && !instance.isSandbox() && instance.status() == InstanceStatus.ACTIVE) {
            throw BerthException.conflict("last_active_app_server", "App server " + appServerId + " is the last one serving "
                    + instance.domains().lms() + ": activate another one first (production stays up)", Map.of());
        }
        return change(caller, instance, remaining, server, "deactivate", expectedVersion != null);
    }

    /**
     * Marks an inactive app server terminated and starts the deletion of its VM. The check (not
     * active, at the version the caller read) and the change are one conditional write: an
     * activation in between makes it fail (412), never terminates an active server. Without an
     * expected version (jobs), a concurrent change makes it read again and check again.
     */
    public AppServer terminate(Principal caller, String appServerId, Long expectedVersion, AppServerService lifecycle) {
        caller.require(Role.MANAGER);
        for (int attempt = 1; ; attempt++) {
            AppServer server = appServers.get(appServerId);
            checkVersion(server, expectedVersion);
            if (server.active()) {
                throw BerthException.conflict("app_server_active", "App server " + appServerId
                        + " is active: deactivate it (or activate another one) before terminating it", Map.of());
            }
            if (server.status() == AppServerStatus.TERMINATED) {
                return server;
            }
            AppServer terminated = server.with(AppServerStatus.TERMINATED, clock.instant());
            try {
                appServers.update(server, terminated, new AuditEntry(appServerId, "appserver", "status", caller.actor(), terminated.updatedAt(),
                        server.version(), terminated.version(), server.status().wireName() + " -> terminated"));
            } catch (BerthException e) {
                if (expectedVersion != null || e.kind() != BerthException.Kind.PRECONDITION_FAILED || attempt == 8) {
                    throw e;
                }
                continue;
            }
            workflows.start(TERMINATE_STATE_MACHINE, appServerId + "-terminate", "{\"appServerId\":\"" + appServerId + "\"}");
            return terminated;
        }
    }

    /** Takes every app server of a sandbox out of the load balancer (a closed pull request's sandbox goes dark). */
    public void goDark(Principal caller, Instance sandbox) {
        if (!sandbox.isSandbox()) {
            throw BerthException.conflict("not_a_sandbox", "Only a pull-request sandbox may lose all its active app servers", Map.of());
        }
        if (sandbox.activeAppServerIds().isEmpty()) {
            return;
        }
        AppServer first = appServers.get(sandbox.activeAppServerIds().get(0));
        change(caller, sandbox, List.of(), first, "deactivate");
    }

    /** Writes the new active set, then asks for the routing to follow it. */
    public AppServer change(Principal caller, Instance instance, List<String> newActive, AppServer subject, String action) {
        return change(caller, instance, newActive, subject, action, false);
    }

    /**
     * @param pinned the caller checked {@code subject}'s version against its If-Match: the write
     *               must be at that version, not at one read later (two clicks with one ETag: one wins)
     */
    private AppServer change(Principal caller, Instance instance, List<String> newActive, AppServer subject, String action, boolean pinned) {
        Instant now = clock.instant();
        Set<String> touched = new LinkedHashSet<>();
        touched.add(subject.id());
        touched.addAll(instance.activeAppServerIds());
        touched.addAll(newActive);
        List<ActiveSets.Change> changes = new ArrayList<>();
        List<AuditEntry> entries = new ArrayList<>();
        AppServer subjectAfter = subject;
        for (AppServer before : appServers.getAll(new ArrayList<>(touched))) {
            boolean nowActive = newActive.contains(before.id());
            if (before.active() == nowActive && !before.id().equals(subject.id())) {
                continue;
            }
            if (pinned && before.id().equals(subject.id()) && before.version() != subject.version()) {
                throw BerthException.stale(before.version());
            }
            AppServer after = before.withActive(nowActive).with(before.status(), now);
            changes.add(new ActiveSets.Change(before, after));
            entries.add(new AuditEntry(before.id(), "appserver", nowActive ? "activate" : "deactivate", caller.actor(), now,
                    before.version(), after.version(), (nowActive ? "activated" : "deactivated") + " on instance " + instance.id()));
            if (before.id().equals(subject.id())) {
                subjectAfter = after;
            }
        }
        Instance instanceAfter = instance.withActiveAppServers(newActive, now);
        entries.add(new AuditEntry(instance.id(), "instance", action, caller.actor(), now, instance.version(), instanceAfter.version(),
                "active app servers " + instance.activeAppServerIds() + " -> " + newActive));
        activeSets.write(instance, instanceAfter, changes, entries);
        requestRouting(instanceAfter, instance.activeAppServerIds());
        return subjectAfter;
    }

    /** Starts the routing sync of this version of the instance, with the active set it replaced to roll back to. */
    public void requestRouting(Instance instance, List<String> previousActive) {
        routing.afterActivation(instance, previousActive);
    }

    /**
     * Puts back the active set an activation replaced, if the instance is still at the version
     * that activation made (a newer change wins), and says why on the servers it takes out.
     */
    public boolean rollback(String instanceId, long instanceVersion, List<String> previousActive, String reason) {
        Instance instance = instances.get(instanceId);
        if (instance.version() != instanceVersion || instance.activeAppServerIds().equals(previousActive)) {
            return false;
        }
        Principal actor = Principal.system("health gate");
        Instant now = clock.instant();
        List<ActiveSets.Change> changes = new ArrayList<>();
        List<AuditEntry> entries = new ArrayList<>();
        Set<String> touched = new LinkedHashSet<>(instance.activeAppServerIds());
        touched.addAll(previousActive);
        for (AppServer before : appServers.getAll(new ArrayList<>(touched))) {
            boolean nowActive = previousActive.contains(before.id());
            if (before.active() == nowActive) {
                continue;
            }
            AppServer after = before.withActive(nowActive).with(before.status(), now);
            if (!nowActive) {
                after = after.withFailure("Activation rolled back: " + reason);
            }
            changes.add(new ActiveSets.Change(before, after));
            entries.add(new AuditEntry(before.id(), "appserver", nowActive ? "activate" : "deactivate", actor.actor(), now,
                    before.version(), after.version(), "rollback: " + reason));
        }
        Instance after = instance.withActiveAppServers(previousActive, now);
        entries.add(new AuditEntry(instanceId, "instance", "rollback", actor.actor(), now, instance.version(), after.version(),
                "active app servers " + instance.activeAppServerIds() + " -> " + previousActive + ": " + reason));
        activeSets.write(instance, after, changes, entries);
        return true;
    }

    private static void checkVersion(AppServer server, Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != server.version()) {
            throw BerthException.stale(server.version());
        }
    }
}
