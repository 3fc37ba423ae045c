package dev.berth.workflow.services;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.nodes.Node;
import dev.berth.core.port.Dns;
import dev.berth.core.port.LoadBalancer;
import dev.berth.core.port.RemoteShell;
import dev.berth.core.port.SecretStore;
import dev.berth.core.port.compute.SshTarget;
import dev.berth.core.port.routing.DnsRecord;
import dev.berth.core.repository.DeploymentLogs;
import dev.berth.core.repository.Nodes;
import dev.berth.core.repository.Services;
import dev.berth.core.service.RoutingService;
import dev.berth.core.services.Service;
import dev.berth.core.services.ServiceRules;
import dev.berth.core.services.ServiceService;
import dev.berth.workflow.step.CaughtError;
import dev.berth.workflow.step.HeartbeatNotYetException;
import dev.berth.workflow.step.PermanentStepException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The steps of ServiceColour (launch, redeploy, terminate), BuildService and PromoteService. A
 * container's environment and secrets reach the node in a 0600 file passed with
 * {@code --env-file} and removed once the container started: never on a command line or in a
 * log. Every value put on a command line was validated (names, image, ports, volumes, commit).
 */
public final class ServiceSteps {

    public record ColourRef(String service, String colour, String operation) {
    }


    public record FailureInput(String service, String colour, String operation, CaughtError failure) {
    }

    public record BuildInput(String service, String colour, String gitUrl, String commit, String nodeId) {
    }

    public record PromoteInput(String service, String colour, String previous, CaughtError failure) {
    }

    /** What a step did: {@code started}, {@code running}, {@code failed}, {@code terminated}, {@code built}, {@code passed}... */
    public record Outcome(String state, String reason) {
    }

    private final Services services;
    private final Nodes nodes;
    private final DeploymentLogs logs;
    private final Supplier<SecretStore> secrets;
    private final RemoteShell shell;
    private final LoadBalancer loadBalancer;
    private final Dns dns;
    private final RoutingService routing;
    private final String sshUser;
    private final String dnsTarget;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ServiceSteps(Services services, Nodes nodes, DeploymentLogs logs, Supplier<SecretStore> secrets, RemoteShell shell,
                        LoadBalancer loadBalancer, Dns dns, RoutingService routing, String sshUser, String dnsTarget, Clock clock) {
        this.services = services;
        this.nodes = nodes;
        this.logs = logs;
        this.secrets = secrets;
        this.shell = shell;
        this.loadBalancer = loadBalancer;
        this.dns = dns;
        this.routing = routing;
        this.sshUser = sshUser;
        this.dnsTarget = dnsTarget;
        this.clock = clock;
    }

    /** Pulls the image and starts the colour's container. */
    public Outcome launch(String name, String colour) {
        Service service = services.get(name);
        Service.ColourState state = colourIn(service, colour, "launching");
        if (state == null) {
            return new Outcome("superseded", null);
        }
        SshTarget node = target(state.nodeId());
        String image = image(service, state);
        String container = state.container();
        run(service, colour, node, "docker rm -f " + container + " >/dev/null 2>&1 || true", false); // a retried step starts clean
        start(service, colour, node, image, container, false);
        return new Outcome("started", null);
    }

    /** Passes when the launched container answers its health path; the colour is then running and routed. */
    public Outcome checkLaunch(String name, String colour) {
        Service service = services.get(name);
        Service.ColourState state = colourIn(service, colour, "launching");
        if (state == null) {
            return new Outcome("superseded", null);
        }
        health(service, state.nodeId(), service.publishedPort(state));
        setColour(service, colour, new Service.ColourState(state.nodeId(), state.container(), image(service, state), "running", state.alternate(),
                clock.instant(), null, state.build(), state.generation()), "colour.running", colour + " of " + name + " is running");
        applyRouting(name);
        return new Outcome("running", null);
    }

    /** Starts the next container beside the current one, on the other set of host ports. */
    public Outcome startNew(String name, String colour) {
        Service service = services.get(name);
        Service.ColourState state = colourIn(service, colour, "redeploying");
        if (state == null) {
            return new Outcome("superseded", null);
        }
        SshTarget node = target(state.nodeId());
        String next = next(name, colour, state);
        run(service, colour, node, "docker rm -f " + next + " >/dev/null 2>&1 || true", false);
        start(service, colour, node, image(service, state), next, !state.alternate());
        return new Outcome("started", null);
    }

    public Outcome checkNew(String name, String colour) {
        Service service = services.get(name);
        Service.ColourState state = colourIn(service, colour, "redeploying");
        if (state == null) {
            return new Outcome("superseded", null);
        }
        int port = !state.alternate() ? ServiceRules.alternate(service.ports().get(0).host()) : service.ports().get(0).host();
        health(service, state.nodeId(), port);
        return new Outcome("healthy", null);
    }

    /** The new container takes the colour's routes, then the old one goes: no moment without a container. */
    public Outcome swap(String name, String colour) {
        Service service = services.get(name);
        Service.ColourState state = colourIn(service, colour, "redeploying");
        if (state == null) {
            return new Outcome("superseded", null);
        }
        String old = state.container();
        Service.ColourState swapped = new Service.ColourState(state.nodeId(), next(name, colour, state), image(service, state), "running",
                !state.alternate(), clock.instant(), null, state.build(), state.generation() + 1);
        setColour(service, colour, swapped, "colour.redeployed", colour + " of " + name + " now runs " + swapped.container());
        applyRouting(name);
        run(services.get(name), colour, target(state.nodeId()), "docker rm -f " + old, false);
        return new Outcome("running", null);
    }

    /** A redeploy that failed: the new container goes, the old one keeps serving, and the failure is recorded. */
    public Outcome abandonNew(String name, String colour, CaughtError failure) {
        Service service = services.get(name);
        Service.ColourState state = colourIn(service, colour, "redeploying");
        String reason = "The redeploy failed, the previous container keeps serving: " + cause(failure);
        if (state == null) {
            return new Outcome("superseded", reason);
        }
        try {
            run(service, colour, target(state.nodeId()), "docker rm -f " + next(name, colour, state) + " >/dev/null 2>&1 || true", false);
        } catch (RuntimeException ignored) {
            // the node is unreachable: the record still says what serves
        }
        setColour(services.get(name), colour, new Service.ColourState(state.nodeId(), state.container(), state.imageTag(), "running",
                state.alternate(), state.since(), reason, state.build(), state.generation()), "colour.redeploy.failed", reason);
        return new Outcome("failed", reason);
    }

    /** A launch that failed: the colour ends failed with the reason, its container removed. */
    public Outcome failLaunch(String name, String colour, CaughtError failure) {
        Service service = services.get(name);
        Service.ColourState state = colourIn(service, colour, "launching");
        String reason = "The launch failed: " + cause(failure);
        if (state == null) {
            return new Outcome("superseded", reason);
        }
        try {
            run(service, colour, target(state.nodeId()), "docker rm -f " + state.container() + " >/dev/null 2>&1 || true", false);
        } catch (RuntimeException ignored) {
            // the node is unreachable
        }
        setColour(services.get(name), colour, new Service.ColourState(state.nodeId(), state.container(), state.imageTag(), "failed",
                state.alternate(), clock.instant(), reason, state.build(), state.generation()), "colour.failed", reason);
        return new Outcome("failed", reason);
    }

    public Outcome terminate(String name, String colour) {
        Service service = services.get(name);
        Service.ColourState state = colourIn(service, colour, "terminating");
        if (state == null) {
            return new Outcome("superseded", null);
        }
        nodes.find(state.nodeId()).filter(Node::ready).ifPresent(node ->
                run(service, colour, target(node.id()), "docker rm -f " + state.container() + " >/dev/null 2>&1 || true", true));
        setColour(services.get(name), colour, new Service.ColourState(state.nodeId(), state.container(), state.imageTag(), "terminated",
                state.alternate(), clock.instant(), null, state.build(), state.generation()), "colour.terminated", colour + " of " + name + " terminated");
        applyRouting(name);
        return new Outcome("terminated", null);
    }

    /** Clones the commit on the builder, builds the image, tags it with the colour and the commit, and pushes both tags. */
    public Outcome build(String name, String colour, String gitUrl, String commit, String nodeId) {
        Service service = services.get(name);
        SshTarget node = target(nodeId);
        String repository = repository(service.image());
        String dir = "berth-builds/" + name + "-" + commit;
        String command = "rm -rf " + dir + " && git clone --quiet " + quote(gitUrl) + " " + dir + " && cd " + dir + " && git checkout --quiet "
                + commit + " && docker build -t " + repository + ":" + colour + " -t " + repository + ":" + commit + " ."
                + " && docker push " + repository + ":" + colour + " && docker push " + repository + ":" + commit;
        int status = run(service, colour, node, command, true);
        if (status != 0) {
            throw new PermanentStepException("The build of " + name + " at " + commit + " exited with " + status, null);
        }
        Service.BuildInfo info = new Service.BuildInfo(gitUrl, commit, colour, clock.instant());
        Service current = services.get(name);
        Service.ColourState state = current.colour(colour).orElse(new Service.ColourState(null, null, null, "terminated", false,
                clock.instant(), null, null, 0));
        setColour(current, colour, new Service.ColourState(state.nodeId(), state.container(), state.imageTag(), state.status(), state.alternate(),
                state.since(), state.failureReason(), info, state.generation()), "build.done",
                "built " + repository + ":" + colour + " and :" + commit + " from " + gitUrl);
        return new Outcome("built", null);
    }

    public Outcome applyRouting(String name) {
        loadBalancer.apply(routing.table());
        services.find(name).ifPresent(service -> {
            if (service.kind() == Service.Kind.POSTGRESQL) {
                dns.upsert(databaseRecords(service));
                return;
            }
            String type = dnsTarget.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") ? "A" : "CNAME";
            dns.upsert(List.of(new DnsRecord(service.productionHost(), type, dnsTarget, 300), new DnsRecord(service.stagingHost(), type, dnsTarget, 300)));
        });
        return new Outcome("applied", null);
    }

    /** A database's hostnames name its colours' nodes (private addresses): the production colour's, and the other's once promoted. */
    private List<DnsRecord> databaseRecords(Service service) {
        List<DnsRecord> records = new ArrayList<>();
        if (service.production() != null) {
            addressOf(service, service.production()).ifPresent(ip -> records.add(new DnsRecord(service.productionHost(), "A", ip, 60)));
            addressOf(service, service.other(service.production())).ifPresent(ip -> records.add(new DnsRecord(service.stagingHost(), "A", ip, 60)));
        }
        return records;
    }

    private java.util.Optional<String> addressOf(Service service, String colour) {
        return service.colour(colour).filter(s -> s.status().equals("running")).flatMap(s -> nodes.find(s.nodeId())).map(n -> n.vm().ipv4());
    }

    /** Passes when the production hostname answers the health path through the load balancer. */
    public Outcome healthGate(String name, String colour) {
        Service service = services.get(name);
        if (!colour.equals(service.production())) {
            return new Outcome("superseded", null);
        }
        if (service.kind() == Service.Kind.POSTGRESQL) {
            Service.ColourState state = service.colour(colour).orElseThrow();
            health(service, state.nodeId(), service.publishedPort(state)); // not routed: asked on its node
            return new Outcome("passed", null);
        }
        int status = loadBalancer.probe(service.productionHost(), service.healthPath());
        if (status != 200) {
            throw new HeartbeatNotYetException("HTTP " + status + " from " + service.productionHost() + service.healthPath() + " through the load balancer");
        }
        return new Outcome("passed", null);
    }

    /** The promoted colour failed its gate: production goes back to the previous colour. */
    public Outcome rollback(String name, String colour, String previous, CaughtError failure) {
        Service service = services.get(name);
        String reason = "The promotion of " + colour + " failed its health gate: " + cause(failure);
        if (colour.equals(service.production())) {
            Instant now = clock.instant();
            Service back = service.withProduction(previous == null || previous.isEmpty() ? null : previous, now);
            services.update(service, back, new AuditEntry("svc:" + name, "service", "promote.rollback", "system:services", now, service.version(),
                    back.version(), reason));
            applyRouting(name);
        }
        return new Outcome("rolled-back", reason);
    }

    private void start(Service service, String colour, SshTarget node, String image, String container, boolean alternate) {
        int pulled = run(service, colour, node, "docker pull " + image, true);
        if (pulled != 0) {
            throw new PermanentStepException("docker pull " + image + " exited with " + pulled, null);
        }
        String envFile = "berth-services/" + container + ".env";
        shell.upload(node, envFile, environment(service, colour).getBytes(StandardCharsets.UTF_8), 0600);
        StringBuilder command = new StringBuilder("docker run -d --name " + container);
        for (Service.PortMap port : service.ports()) {
            // Published on the node's own address: what the load balancer and the health check reach.
            command.append(" -p ").append(node.host()).append(':').append(alternate ? ServiceRules.alternate(port.host()) : port.host())
                    .append(':').append(port.container());
        }
        command.append(" --env-file ").append(envFile);
        for (Service.Volume volume : service.volumes()) {
            command.append(" -v ").append(service.name()).append('_').append(volume.name()).append(':').append(volume.path());
        }
        command.append(" --label berth.service=").append(service.name()).append(" --label berth.colour=").append(colour).append(' ').append(image);
        int status;
        try {
            status = run(service, colour, node, command.toString(), true);
        } finally {
            shell.run(node, "rm -f " + envFile, line -> { });
        }
        if (status != 0) {
            throw new PermanentStepException("docker run of " + container + " exited with " + status, null);
        }
    }

    /** KEY=VALUE lines: the definition's environment, the secrets' values, and who the container is. */
    private String environment(Service service, String colour) {
        StringBuilder env = new StringBuilder();
        service.env().forEach((key, value) -> env.append(key).append('=').append(value).append('\n'));
        for (String key : service.secretNames()) {
            secrets.get().get(Service.secretName(service.name(), key)).ifPresent(value -> env.append(key).append('=').append(value).append('\n'));
        }
        env.append("BERTH_SERVICE=").append(service.name()).append('\n').append("BERTH_COLOUR=").append(colour).append('\n');
        return env.toString();
    }

    /** Runs a command on the node, its output (never holding a secret: none is on a command line) into the colour's log. */
    private int run(Service service, String colour, SshTarget node, String command, boolean logged) {
        String logId = ServiceService.logId(service.name(), colour);
        List<String> lines = new ArrayList<>();
        if (logged) {
            lines.add("$ " + command);
        }
        int status = shell.run(node, command, line -> {
            if (logged) {
                lines.add(line);
            }
        });
        if (logged) {
            lines.add("(exit " + status + ")");
            long last = logs.read(logId, 0, 100_000).stream().mapToLong(l -> l.sequence()).max().orElse(0);
            logs.append(logId, last + 1, lines, clock.instant());
        }
        return status;
    }

    private void health(Service service, String nodeId, int port) {
        Node node = nodes.get(nodeId);
        if (service.kind() == Service.Kind.POSTGRESQL) {
            postgresAnswers(node.vm().ipv4(), port);
            return;
        }
        String url = "http://" + node.vm().ipv4() + ":" + port + service.healthPath();
        int status;
        try {
            status = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new HeartbeatNotYetException("No answer from " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HeartbeatNotYetException("Interrupted while asking " + url);
        }
        if (status != 200) {
            throw new HeartbeatNotYetException("HTTP " + status + " from " + url);
        }
    }

    /**
     * Passes when a PostgreSQL server answers on the port: its reply to an SSLRequest (the first
     * message of its protocol) is one byte, {@code S} or {@code N}. No credentials needed.
     */
    private static void postgresAnswers(String address, int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(address, port), 5_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(new byte[] {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f});
            int reply = socket.getInputStream().read();
            if (reply != 'S' && reply != 'N') {
                throw new HeartbeatNotYetException("No PostgreSQL answer on " + address + ":" + port + " (got " + reply + ")");
            }
        } catch (IOException e) {
            throw new HeartbeatNotYetException("No PostgreSQL answer on " + address + ":" + port + ": " + e.getMessage());
        }
    }

    /**
     * Records a colour's new state. The other colour's machine may write the same service meanwhile:
     * a stale write re-reads the service and puts this colour's state on the fresh copy.
     */
    private void setColour(Service service, String colour, Service.ColourState state, String action, String summary) {
        Service current = service;
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            Service updated = current.withColour(colour, state, now);
            try {
                services.update(current, updated, new AuditEntry("svc:" + current.name(), "service", action, "system:services", now,
                        current.version(), updated.version(), summary));
                return;
            } catch (dev.berth.core.error.BerthException e) {
                if (e.kind() != dev.berth.core.error.BerthException.Kind.PRECONDITION_FAILED || attempt == 10) {
                    throw e;
                }
                current = services.get(service.name());
            }
        }
    }

    /** The colour's state if it is still in {@code status} (a later request may have moved it on). */
    private static Service.ColourState colourIn(Service service, String colour, String status) {
        return service.colour(colour).filter(s -> s.status().equals(status)).orElse(null);
    }

    private SshTarget target(String nodeId) {
        Node node = nodes.find(nodeId).orElseThrow(() -> new PermanentStepException("Node " + nodeId + " does not exist", null));
        if (!node.ready()) {
            throw new PermanentStepException("Node " + node.name() + " is " + node.status().wireName(), null);
        }
        return new SshTarget(node.vm().ipv4(), node.vm().sshPort(), sshUser, node.vm().hostKeyFingerprint());
    }

    /** A colour's image: the one built for it when there is a build, else the definition's. */
    private static String image(Service service, Service.ColourState state) {
        return state.build() != null ? repository(service.image()) + ":" + state.build().colour() : service.image();
    }

    private static String repository(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(0, colon) : image;
    }

    private static String next(String name, String colour, Service.ColourState state) {
        return name + "-" + colour + "-" + (state.generation() + 1);
    }

    private static String cause(CaughtError failure) {
        return failure == null || failure.cause() == null ? "unknown" : failure.cause();
    }

    /** Single quotes for the shell; the URL was validated, this keeps it one word whatever it holds. */
    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

}
