package dev.berth.workflow.launch;

import dev.berth.core.pool.PoolVm;
import dev.berth.core.pool.VmPool;
import dev.berth.core.auth.Principal;
import dev.berth.core.data.DataConnections;
import dev.berth.core.data.DataProvisioning;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.ExtraSettings;
import dev.berth.core.domain.LogLine;
import dev.berth.core.openedx.OpenEdxSecrets;
import dev.berth.core.openedx.TutorReleases;
import dev.berth.core.port.ComputeProvider;
import dev.berth.core.port.GitHub;
import dev.berth.core.port.RemoteShell;
import dev.berth.core.port.compute.BootRequest;
import dev.berth.core.port.compute.CloudException;
import dev.berth.core.port.compute.Hostnames;
import dev.berth.core.port.compute.ServerInfo;
import dev.berth.core.port.compute.ServerState;
import dev.berth.core.port.compute.SshTarget;
import dev.berth.core.port.compute.TailChunk;
import dev.berth.core.service.AppServerService;
import dev.berth.core.service.RoutingRequests;
import dev.berth.core.repository.AppServers;
import dev.berth.core.repository.DeploymentLogs;
import dev.berth.core.repository.Instances;
import dev.berth.workflow.launch.deploy.DeployBundle;
import dev.berth.workflow.step.HeartbeatNotYetException;
import dev.berth.workflow.step.PermanentStepException;
import dev.berth.workflow.step.VmHttpCheck;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The steps of the LaunchAppServer state machine. Each is idempotent (a retry after a crash
 * finds the work already done and does not repeat it) and reads its state from the app server
 * record, so the state machine only passes the app server's id. Results are small records that
 * the state machine's Choice states read ({@code state}, {@code reason}).
 */
public final class LaunchSteps {

    /** The input of most steps. */
    public record AppServerRef(String appServerId) {
    }

    /** The catch-all's input: the status to end in and the error the state machine caught. */
    public record FailureInput(String appServerId, String status, Map<String, Object> failure) {
    }

    public record Prepared(int pollSeconds) {
    }

    public record SecurityGroup(String securityGroup) {
    }

    /** {@code BOOTING}, {@code READY} (with the address), {@code ERROR} or {@code TIMED_OUT} (with a reason). */
    public record VmState(String state, String serverId, String ipv4, String reason) {
        static VmState of(String state) {
            return new VmState(state, null, null, null);
        }

        static VmState failed(String state, String reason) {
            return new VmState(state, null, null, reason);
        }
    }

    /** {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED} or {@code TIMED_OUT}; the exit code and reason when it ended. */
    public record DeployState(String state, Integer exitCode, Long logLines, String reason) {
    }

    public record Heartbeat(int status) {
    }

    public record Recorded(String status, String reason) {
    }

    private static final Principal ACTOR = Principal.system("launch");
    private static final int TAIL_BYTES = 256 * 1024;
    private static final int REASON_LINES = 15;
    private final AppServers store;
    private final DeploymentLogs logs;
    private final AppServerService lifecycle;
    private final ComputeProvider compute;
    private final RemoteShell shell;
    private final VmPool pool;
    private final LaunchSettings settings;
    private final VmHttpCheck heartbeat;
    private final RoutingRequests routing;
    private final Instances instances;
    private final GitHub github;
    private final OpenEdxSecrets secrets;
    private final DataProvisioning data;
    private final Clock clock;

    public LaunchSteps(AppServers store, DeploymentLogs logs, AppServerService lifecycle, ComputeProvider compute, RemoteShell shell,
                       LaunchSettings settings, Instances instances, RoutingRequests routing, GitHub github, OpenEdxSecrets secrets,
                       DataProvisioning data, VmPool pool, Clock clock) {
        this.pool = pool;
        this.data = data;
        this.secrets = secrets;
        this.logs = logs;
        this.github = github;
        this.instances = instances;
        this.routing = routing;
        this.store = store;
        this.lifecycle = lifecycle;
        this.compute = compute;
        this.shell = shell;
        this.settings = settings;
        this.heartbeat = new VmHttpCheck(shell, settings.httpCheckCommand());
        this.clock = clock;
    }

    public Prepared prepare(String appServerId) {
        AppServer server = store.find(appServerId)
                .orElseThrow(() -> new PermanentStepException("App server " + appServerId + " does not exist", null));
        if (server.status() == AppServerStatus.TERMINATED) {
            throw new PermanentStepException("App server " + appServerId + " was terminated before its launch ran", null);
        }
        return new Prepared(settings.pollSeconds());
    }

    public SecurityGroup ensureSecurityGroup(String appServerId) {
        compute.ensureSecurityGroup(settings.firewall());
        return new SecurityGroup(settings.firewall().name());
    }

    /**
     * Boots the app server's VM, or takes a ready one of the same flavor and image from the warm pool
     * ({@code READY}: the launch goes on to deploy at once). Only an instance without cloud-init user data or
     * security groups of its own can take one: a pool VM was booted without them.
     */
    public VmState bootVm(String appServerId) {
        AppServer server = store.get(appServerId);
        if (server.vm().serverId() != null && server.vm().ipv4() != null) {
            return new VmState("READY", server.vm().serverId(), server.vm().ipv4(), null); // a retry after a claim
        }
        String hostname = Hostnames.forAppServer(server.settings().domains().lms(), appServerId);
        // The instance's own compute settings where it has them (the cloud checks the flavor and image), else the stack's.
        var own = server.settings().compute();
        String flavor = own.flavor() != null ? own.flavor() : settings.flavor();
        String image = own.image() != null ? own.image() : settings.image();
        if (server.vm().serverId() == null && own.userData() == null && own.securityGroups().isEmpty()) {
            var claimed = pool.claim(flavor, image, appServerId);
            if (claimed.isPresent()) {
                PoolVm vm = claimed.get();
                lifecycle.transition(ACTOR, appServerId, EnumSet.of(AppServerStatus.NEW, AppServerStatus.WAITING), AppServerStatus.WAITING,
                        s -> s.withVm(new AppServer.Vm(vm.serverId(), hostname, vm.ipv4(), vm.sshPort(), vm.httpUrl(), vm.hostKeyFingerprint())));
                return new VmState("READY", vm.serverId(), vm.ipv4(), null);
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(ServerInfo.APP_SERVER_TAG, appServerId);
        metadata.put("berth-instance-id", server.instanceId());
        testKnob(server).ifPresent(knob -> metadata.put("berth-test", knob));
        List<String> groups = new java.util.ArrayList<>(List.of(settings.firewall().name()));
        groups.addAll(own.securityGroups());
        ServerInfo vm = compute.boot(new BootRequest(appServerId, hostname, flavor, image, settings.keyPair(), groups, own.userData() == null ? "" : own.userData(), metadata));
        lifecycle.transition(ACTOR, appServerId, EnumSet.of(AppServerStatus.NEW, AppServerStatus.WAITING), AppServerStatus.WAITING,
                s -> s.withVm(new AppServer.Vm(vm.id(), hostname, null, null, null, null)));
        return new VmState("BOOTING", vm.id(), null, null);
    }

    public VmState checkVm(String appServerId) {
        AppServer server = store.get(appServerId);
        ServerInfo vm = compute.get(server.vm().serverId());
        if (vm.state() == ServerState.ERROR || vm.state() == ServerState.DELETED) {
            return VmState.failed("ERROR", "The VM went to " + vm.providerStatus() + (vm.fault() == null ? "" : ": " + vm.fault()));
        }
        boolean sshAnswers = vm.state() == ServerState.ACTIVE && vm.ipv4() != null && vm.sshPort() > 0
                && shell.probe(vm.ipv4(), vm.sshPort(), Duration.ofSeconds(5));
        if (sshAnswers) {
            String fingerprint = vm.hostKeyFingerprint() != null ? vm.hostKeyFingerprint()
                    : shell.learnHostKey(vm.ipv4(), vm.sshPort()); // trust on first use, recorded below
            lifecycle.update(appServerId, s -> s.withVm(new AppServer.Vm(vm.id(), s.vm().hostname(), vm.ipv4(), vm.sshPort(),
                    vm.httpUrl(), s.vm().hostKeyFingerprint() != null ? s.vm().hostKeyFingerprint() : fingerprint)));
            return new VmState("READY", null, vm.ipv4(), null);
        }
        if (clock.instant().isAfter(server.createdAt().plus(settings.bootTimeout()))) {
            return VmState.failed("TIMED_OUT", "The VM did not answer SSH within " + settings.bootTimeout().toMinutes()
                    + " minutes (provider status " + vm.providerStatus() + ")");
        }
        return VmState.of("BOOTING");
    }

    public DeployState startDeploy(String appServerId) {
        AppServer server = store.get(appServerId);
        if (server.status() == AppServerStatus.CONFIGURING) {
            return new DeployState("RUNNING", null, null, null); // a retry: the deployment is already under way
        }
        SshTarget target = target(server);
        installTeamKeys(target);
        int major = TutorReleases.get(server.settings().openedxRelease()).tutorMajor();
        Map<String, String> secretValues = new LinkedHashMap<>(secrets.forInstance(server.instanceId(), major));
        secretValues.putAll(secrets.userSecrets(instances.get(server.instanceId())));
        DataConnections connections = null;
        if (!server.settings().ephemeralDatabases()) {
            connections = data.connections(server.instanceId()).orElseThrow(() -> new PermanentStepException(
                    "The instance's persistent data is not provisioned (the ProvisionData step did not finish)", null));
        }
        for (DeployBundle.File file : DeployBundle.files(server, settings.deployMode(), settings.https(), secretValues, connections)) {
            shell.upload(target, file.path(), file.content(), file.mode());
        }
        shell.startDetached(target, DeployBundle.command(), DeployBundle.LOG_FILE, DeployBundle.EXIT_FILE);
        Instant now = clock.instant();
        lifecycle.transition(ACTOR, appServerId, EnumSet.of(AppServerStatus.WAITING), AppServerStatus.CONFIGURING,
                s -> s.withDeployment(new AppServer.Deployment(0, 0, now, now, null)));
        return new DeployState("RUNNING", null, null, null);
    }

    public DeployState pollDeploy(String appServerId) {
        AppServer server = store.get(appServerId);
        SshTarget target = target(server);
        AppServer.Deployment deployment = server.deployment();
        // Exit status first, then the log: once the status exists, the log behind it is complete.
        Optional<Integer> exitStatus = shell.exitCode(target, DeployBundle.EXIT_FILE);
        TailChunk chunk = shell.tail(target, DeployBundle.LOG_FILE, deployment.logOffset(), TAIL_BYTES);
        Instant now = clock.instant();
        if (!chunk.lines().isEmpty()) {
            // Lines first, numbered from what the record says is stored: a retry rewrites the same numbers.
            logs.append(appServerId, deployment.logLines() + 1, chunk.lines(), now);
        }
        boolean caughtUp = chunk.nextOffset() - deployment.logOffset() < TAIL_BYTES / 2;
        Optional<Integer> exit = caughtUp ? exitStatus : Optional.empty();
        boolean fresh = !chunk.lines().isEmpty();
        AppServer.Deployment next = new AppServer.Deployment(chunk.nextOffset(), deployment.logLines() + chunk.lines().size(),
                deployment.startedAt(), fresh ? now : deployment.lastOutputAt(), exit.orElse(null));
        lifecycle.update(appServerId, s -> s.withDeployment(next));
        if (exit.isPresent() && exit.get() == 0) {
            return new DeployState("SUCCEEDED", 0, next.logLines(), null);
        }
        if (exit.isPresent()) {
            return new DeployState("FAILED", exit.get(), null, "The deployment exited with " + exit.get());
        }
        if (next.lastOutputAt() != null && now.isAfter(next.lastOutputAt().plus(settings.deploySilenceLimit()))) {
            return new DeployState("TIMED_OUT", null, null, "The deployment printed nothing for "
                    + settings.deploySilenceLimit().toMinutes() + " minutes");
        }
        if (next.startedAt() != null && now.isAfter(next.startedAt().plus(settings.deployTimeout()))) {
            return new DeployState("TIMED_OUT", null, null, "The deployment ran longer than " + settings.deployTimeout().toMinutes() + " minutes");
        }
        return new DeployState("RUNNING", null, next.logLines(), null);
    }

    public Heartbeat checkHeartbeat(String appServerId) {
        AppServer server = store.get(appServerId);
        if (server.status() == AppServerStatus.RUNNING) {
            return new Heartbeat(200);
        }
        int port = URI.create(server.vm().httpUrl()).getPort();
        heartbeat.expectOk(target(server), port < 0 ? 80 : port, settings.heartbeatPath());
        lifecycle.transition(ACTOR, appServerId, EnumSet.of(AppServerStatus.CONFIGURING), AppServerStatus.RUNNING, s -> s);
        instances.find(server.instanceId()).ifPresent(routing::afterChange); // its preview link goes live
        if (!server.settings().ephemeralDatabases()) {
            try {
                data.finishRotation(server.instanceId()); // a deploy with the new credentials works: the old users go
            } catch (RuntimeException e) {
                // The next successful deploy retries; the launch itself succeeded.
                System.err.println("Could not retire the old database users of " + server.instanceId() + ": " + e.getMessage());
            }
        }
        return new Heartbeat(200);
    }

    /**
     * The catch-all: the launch ends in {@code error} (the VM never became usable) or
     * {@code failed} (the deployment failed; the VM stays for debugging), with a reason that
     * includes the log's last lines. A server already settled keeps its state.
     */
    public Recorded recordFailure(String appServerId, String status, Map<String, Object> failure) {
        AppServerStatus target = "failed".equals(status) ? AppServerStatus.FAILED : AppServerStatus.ERROR;
        String cause = String.valueOf(failure == null ? "unknown" : failure.getOrDefault("Cause", failure.getOrDefault("Error", "unknown")));
        StringBuilder reason = new StringBuilder(cause);
        Optional<AppServer> found = store.find(appServerId);
        if (found.isEmpty()) {
            return new Recorded(target.wireName(), reason.toString());
        }
        AppServer server = found.get();
        if (target == AppServerStatus.FAILED && server.deployment().logLines() > 0) {
            List<LogLine> tail = logs.read(appServerId, Math.max(0, server.deployment().logLines() - REASON_LINES), REASON_LINES);
            reason.append("\nLast lines of the deployment log:");
            tail.forEach(line -> reason.append('\n').append(line.text()));
        }
        Set<AppServerStatus> unsettled = EnumSet.of(AppServerStatus.NEW, AppServerStatus.WAITING, AppServerStatus.CONFIGURING);
        if (unsettled.contains(server.status())) {
            AppServerStatus to = server.status() == AppServerStatus.CONFIGURING ? target : AppServerStatus.ERROR;
            lifecycle.transition(ACTOR, appServerId, unsettled, to, s -> s.withFailure(reason.toString()));
            return new Recorded(to.wireName(), reason.toString());
        }
        return new Recorded(server.status().wireName(), server.failureReason() == null ? reason.toString() : server.failureReason());
    }

    /**
     * The team's public keys from GitHub, installed for a login user before the deployment starts,
     * so that the team can get in even when the deployment fails.
     */
    private void installTeamKeys(SshTarget target) {
        if (github == null || settings.teamOrganization() == null) {
            return;
        }
        List<String> keys = github.memberKeys(settings.teamOrganization(), settings.team());
        shell.upload(target, DeployBundle.DIRECTORY + "/team_keys", (String.join("\n", keys) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), 0600);
        int status = shell.run(target, settings.teamKeysCommand(), line -> { });
        if (status != 0) {
            throw new CloudException.Permanent("Installing the team's SSH keys failed (exit " + status + ")", null);
        }
    }

    private SshTarget target(AppServer server) {
        AppServer.Vm vm = server.vm();
        if (vm.ipv4() == null || vm.sshPort() == null) {
            throw new PermanentStepException("App server " + server.id() + " has no reachable VM recorded", null);
        }
        return new SshTarget(vm.ipv4(), vm.sshPort(), settings.sshUser(), vm.hostKeyFingerprint());
    }

    /** Local test knob: {@code berth_test_vm: no-ssh | error} in the extra settings. */
    private static Optional<String> testKnob(AppServer server) {
        Object knob = new ExtraSettings(Integer.MAX_VALUE).toMap(server.settings().extraSettings()).get("berth_test_vm");
        return Optional.ofNullable(knob).map(Object::toString);
    }
}
