package dev.berth.core.service;

import dev.berth.core.Ids;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceSettings;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.error.BerthException;
import dev.berth.core.domain.LogLine;
import dev.berth.core.port.Workflows;
import dev.berth.core.port.workflow.ExecutionHistory;
import dev.berth.core.repository.DeploymentLogs;
import dev.berth.core.repository.Page;
import java.util.List;
import dev.berth.core.repository.AppServers;
import dev.berth.core.repository.Instances;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/** App server use cases: launch one, and move it through its lifecycle safely. */
public final class AppServerService {
    /** The state machine that launches an app server (its logical id in template.yaml). */
    public static final String LAUNCH_STATE_MACHINE = "LaunchAppServer";
    private static final int MAX_ATTEMPTS = 8;

    /** At most this many log lines per read. */
    public static final int MAX_LOG_LINES = 1000;

    private final Instances instances;
    /** A launch starts from the instance's settings with its profile's current defaults applied. */
    private final InstanceService instanceSettings;
    private final AppServers appServers;
    private final DeploymentLogs logs;
    private final Workflows workflows;
    private final Clock clock;

    public AppServerService(Instances instances, InstanceService instanceSettings, AppServers appServers, DeploymentLogs logs,
                            Workflows workflows, Clock clock) {
        this.instanceSettings = instanceSettings;
        this.instances = instances;
        this.appServers = appServers;
        this.logs = logs;
        this.workflows = workflows;
        this.clock = clock;
    }

    /** Log lines after a cursor, with the server they belong to (its status says whether more will come). */
    public record LogPage(AppServer server, List<LogLine> lines, long after, int limit) {
        /** A settled server writes no more lines: once a read comes back short, the log is complete. */
        public boolean complete() {
            return server.status().isSettled() && lines.size() < limit;
        }

        /** The cursor of the next read: the last line's sequence, or the same cursor when nothing came. */
        public long nextCursor() {
            return lines.isEmpty() ? after : lines.get(lines.size() - 1).sequence();
        }
    }

    public AppServer view(Principal caller, String id) {
        caller.require(Role.VIEWER);
        return appServers.get(id);
    }

    /** An instance's app servers, newest first. */
    public Page<AppServer> list(Principal caller, String instanceId, int limit, String cursor) {
        caller.require(Role.VIEWER);
        instances.get(instanceId);
        return appServers.listForInstance(instanceId, limit, cursor);
    }

    public LogPage logs(Principal caller, String id, long after, int limit) {
        caller.require(Role.VIEWER);
        AppServer server = appServers.get(id);
        int bounded = Math.min(limit, MAX_LOG_LINES);
        return new LogPage(server, logs.read(id, after, bounded), after, bounded);
    }

    /** The launch execution's history. */
    public ExecutionHistory execution(Principal caller, String id) {
        caller.require(Role.VIEWER);
        AppServer server = appServers.get(id);
        return workflows.history(LAUNCH_STATE_MACHINE, server.id())
                .orElseThrow(() -> BerthException.notFound("Execution of app server", server.id()));
    }

    /**
     * Records a new app server with a snapshot of the instance's current settings and starts its
     * launch execution, named after the app server so that it can never run twice.
     */
    public AppServer launch(Principal caller, String instanceId) {
        return launch(caller, instanceId, false);
    }

    /**
     * Launches an app server from the instance's current settings. When the instance keeps
     * persistent data and its active app servers run another Open edX release, the new one would
     * migrate that data one way: the caller must say so ({@code allowReleaseChange}), else 409.
     */
    public AppServer launch(Principal caller, String instanceId, boolean allowReleaseChange) {
        return launch(caller, instanceId, allowReleaseChange, Ids.appServer());
    }

    /**
     * Launches under an id chosen beforehand (a claim recorded elsewhere names it); the record's
     * creation is conditional, so a second launch under the same id fails instead of doubling.
     */
    public AppServer launch(Principal caller, String instanceId, boolean allowReleaseChange, String appServerId) {
        caller.require(Role.MANAGER);
        Instance instance = instances.get(instanceId);
        if (instance.status() != InstanceStatus.ACTIVE) {
            throw BerthException.conflict("instance_archived", "Instance " + instanceId + " is archived: it gets no new app servers", Map.of());
        }
        // Checked against what the launch will run, before the profile's defaults are written to the instance.
        InstanceSettings effective = instanceSettings.withProfile(instance.settings());
        if (!allowReleaseChange && !effective.ephemeralDatabases()) {
            String wanted = effective.openedxRelease();
            for (AppServer active : appServers.getAll(instance.activeAppServerIds())) {
                if (!Objects.equals(active.settings().openedxRelease(), wanted)) {
                    throw BerthException.conflict("release_change", "Instance " + instanceId + " runs " + active.settings().openedxRelease()
                            + " on " + active.id() + "; launching " + wanted + " migrates its databases, which cannot be undone: "
                            + "back up first, then launch with {\"allowReleaseChange\": true}",
                            Map.of("running", String.valueOf(active.settings().openedxRelease()), "wanted", String.valueOf(wanted)));
                }
            }
        }
        instance = instanceSettings.withCurrentProfile(caller, instanceId);
        Instant now = clock.instant();
        AppServer server = new AppServer(appServerId, instanceId, AppServerStatus.NEW, false, instance.settings(),
                AppServer.Vm.NONE, AppServer.Deployment.NONE, null,
                new AppServer.Preview("preview", Ids.random(24)), now, now, 1);
        appServers.create(server, new AuditEntry(server.id(), "appserver", "launch", caller.actor(), now, null, 1L,
                "launched for instance " + instanceId + " at its version " + instance.version()));
        try {
            workflows.start(LAUNCH_STATE_MACHINE, server.id(),
                    "{\"appServerId\":\"" + server.id() + "\",\"instanceId\":\"" + instanceId + "\"}");
        } catch (RuntimeException e) {
            // Without an execution nothing would ever move this server on: say so on the record.
            return transition(Principal.system("launch"), server.id(), Set.of(AppServerStatus.NEW), AppServerStatus.ERROR,
                    s -> s.withFailure("The launch could not be started: " + e.getMessage()));
        }
        return server;
    }

    /**
     * Moves an app server from one of {@code from} to {@code to}, applying {@code change}, as a
     * write conditional on the version read. Concurrent writers make it re-read and re-check,
     * so a late or repeated step can never overwrite a newer state.
     */
    public AppServer transition(Principal actor, String id, Set<AppServerStatus> from, AppServerStatus to, UnaryOperator<AppServer> change) {
        for (int attempt = 1; ; attempt++) {
            AppServer current = appServers.get(id);
            if (current.status() == to && !from.contains(to)) {
                return current;
            }
            if (!from.contains(current.status()) || !(current.status() == to || current.status().canMoveTo(to))) {
                throw BerthException.conflict("invalid_transition", "App server " + id + " is " + current.status().wireName()
                        + "; it cannot become " + to.wireName(), Map.of("status", current.status().wireName()));
            }
            AppServer updated = change.apply(current.with(to, clock.instant()));
            try {
                appServers.update(current, updated, new AuditEntry(id, "appserver", "status", actor.actor(), updated.updatedAt(),
                        current.version(), updated.version(), current.status().wireName() + " -> " + to.wireName()
                                + (updated.failureReason() != null && to != current.status() ? ": " + firstLine(updated.failureReason()) : "")));
                return updated;
            } catch (BerthException e) {
                if (e.kind() != BerthException.Kind.PRECONDITION_FAILED && !"transaction_conflict".equals(e.code()) || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Changes fields of an app server without changing its status (VM details, deployment
     * progress). Progress is not audited: it is the launch reporting on itself, not a decision.
     */
    public AppServer update(String id, UnaryOperator<AppServer> change) {
        for (int attempt = 1; ; attempt++) {
            AppServer current = appServers.get(id);
            AppServer updated = change.apply(current);
            if (updated.equals(current)) {
                return current;
            }
            updated = new AppServer(updated.id(), updated.instanceId(), updated.status(), updated.active(), updated.settings(),
                    updated.vm(), updated.deployment(), updated.failureReason(), updated.preview(), updated.createdAt(), clock.instant(), current.version() + 1);
            try {
                appServers.update(current, updated, null);
                return updated;
            } catch (BerthException e) {
                if (e.kind() != BerthException.Kind.PRECONDITION_FAILED && !"transaction_conflict".equals(e.code()) || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
