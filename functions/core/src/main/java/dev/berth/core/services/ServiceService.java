package dev.berth.core.services;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.domain.GitSources;
import dev.berth.core.domain.LogLine;
import dev.berth.core.error.BerthException;
import dev.berth.core.json.Json;
import dev.berth.core.nodes.Node;
import dev.berth.core.port.SecretStore;
import dev.berth.core.port.Workflows;
import dev.berth.core.repository.DeploymentLogs;
import dev.berth.core.repository.Nodes;
import dev.berth.core.repository.Page;
import dev.berth.core.repository.Services;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Container services and their colours: definitions and write-only secrets, launching a colour on
 * a node, redeploying it without downtime, terminating it, building its image, promoting it to
 * production. The ServiceColour, BuildService and PromoteService state machines do the node's part.
 */
public final class ServiceService {
    public static final String COLOUR_MACHINE = "ServiceColour";
    public static final String BUILD_MACHINE = "BuildService";
    public static final String PROMOTE_MACHINE = "PromoteService";
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,40}");

    private final Services services;
    private final Nodes nodes;
    private final DeploymentLogs logs;
    private final Supplier<SecretStore> secrets;
    private final Workflows workflows;
    private final boolean localGit;
    private final Clock clock;

    /** @param localGit whether file:/// repositories may be built (the local runtime's tests; never on AWS) */
    public ServiceService(Services services, Nodes nodes, DeploymentLogs logs, Supplier<SecretStore> secrets, Workflows workflows,
                          boolean localGit, Clock clock) {
        this.localGit = localGit;
        this.services = services;
        this.nodes = nodes;
        this.logs = logs;
        this.secrets = secrets;
        this.workflows = workflows;
        this.clock = clock;
    }

    /** The log of a colour's operations, kept like an app server's deployment log. */
    public static String logId(String service, String colour) {
        return "svc-" + service + "-" + colour;
    }

    public Service create(Principal caller, Supplier<Service> input) {
        caller.require(Role.MANAGER);
        Service draft = input.get();
        ServiceRules.validate(draft);
        checkHostsFree(draft);
        Instant now = clock.instant();
        Service service = new Service(draft.name(), draft.kind(), draft.image(), draft.ports(), draft.env(), List.of(), draft.volumes(),
                draft.healthPath(), draft.productionHost(), draft.stagingHost(), Map.of(), null, now, now, 1);
        services.create(service, entry(service.name(), "create", caller.actor(), null, 1L, "defined service " + service.name()));
        return service;
    }

    public Service get(Principal caller, String name) {
        caller.require(Role.VIEWER);
        return services.get(name);
    }

    public Page<Service> list(Principal caller, int limit, String cursor) {
        caller.require(Role.VIEWER);
        return services.list(limit, cursor);
    }

    public Service change(Principal caller, String name, Long expectedVersion, UnaryOperator<Service> change) {
        caller.require(Role.MANAGER);
        Service current = services.get(name);
        checkVersion(current, expectedVersion);
        Service wanted = change.apply(current);
        if (!wanted.name().equals(name)) {
            throw BerthException.invalid("name", "cannot change: define another service");
        }
        ServiceRules.validate(new Service(wanted.name(), wanted.kind(), wanted.image(), wanted.ports(), wanted.env(), current.secretNames(),
                wanted.volumes(), wanted.healthPath(), wanted.productionHost(), wanted.stagingHost(), Map.of(), null, null, null, 0));
        checkHostsFree(wanted);
        Service updated = current.withDefinition(wanted, clock.instant());
        services.update(current, updated, entry(name, "update", caller.actor(), current.version(), updated.version(),
                "changed the definition of " + name + " (new containers use it)"));
        return updated;
    }

    public void delete(Principal caller, String name, Long expectedVersion) {
        caller.require(Role.MANAGER);
        Service current = services.get(name);
        checkVersion(current, expectedVersion);
        List<String> live = current.colours().entrySet().stream().filter(e -> !e.getValue().status().equals("terminated"))
                .map(Map.Entry::getKey).toList();
        if (!live.isEmpty()) {
            throw BerthException.conflict("service_running", "Service " + name + " still runs its " + String.join(" and ", live)
                    + " colour(s): terminate them first", Map.of("colours", live));
        }
        services.delete(current, entry(name, "delete", caller.actor(), current.version(), null, "deleted service " + name));
        for (String key : current.secretNames()) {
            secrets.get().delete(Service.secretName(name, key));
        }
    }

    /** Write-only: the value goes to the secret store; the service lists the name. */
    public Service putSecret(Principal caller, String name, String key, String value) {
        caller.require(Role.MANAGER);
        ServiceRules.validateSecret(key, value);
        Service current = services.get(name);
        if (current.env().containsKey(key)) {
            throw BerthException.conflict("secret_shadows_env", key + " is a plain environment variable of " + name
                    + ": remove it from env first", Map.of());
        }
        secrets.get().put(Service.secretName(name, key), value);
        TreeSet<String> names = new TreeSet<>(current.secretNames());
        if (!names.add(key)) {
            services.update(current, current.withSecretNames(List.copyOf(names), clock.instant()), entry(name, "secret.set", caller.actor(),
                    current.version(), current.version() + 1, "replaced the secret " + key + " of " + name));
            return services.get(name);
        }
        Service updated = current.withSecretNames(List.copyOf(names), clock.instant());
        services.update(current, updated, entry(name, "secret.set", caller.actor(), current.version(), updated.version(),
                "set the secret " + key + " of " + name));
        return updated;
    }

    public Service deleteSecret(Principal caller, String name, String key) {
        caller.require(Role.MANAGER);
        Service current = services.get(name);
        if (!current.secretNames().contains(key)) {
            throw BerthException.notFound("Secret", key);
        }
        List<String> names = new ArrayList<>(current.secretNames());
        names.remove(key);
        Service updated = current.withSecretNames(names, clock.instant());
        services.update(current, updated, entry(name, "secret.delete", caller.actor(), current.version(), updated.version(),
                "deleted the secret " + key + " of " + name));
        secrets.get().delete(Service.secretName(name, key));
        return updated;
    }

    /** Launches a colour on a node (202). Two colours of one service are never on the same node. */
    public Service launch(Principal caller, String name, String colour, String nodeId) {
        caller.require(Role.MANAGER);
        checkColour(colour);
        Service current = services.get(name);
        if (nodeId == null) {
            throw BerthException.invalid("node", "is required: the id of a ready docker node");
        }
        Node node = nodes.find(nodeId).orElseThrow(() -> BerthException.invalid("node", "no node " + nodeId));
        if (node.role() != Node.Role.DOCKER || !node.ready()) {
            throw BerthException.invalid("node", node.name() + " is not a ready docker node (" + node.role().wireName() + ", "
                    + node.status().wireName() + ")");
        }
        current.colour(current.other(colour)).filter(other -> !other.status().equals("terminated") && other.nodeId().equals(nodeId))
                .ifPresent(other -> {
                    throw BerthException.conflict("colours_share_node", "The " + current.other(colour) + " colour of " + name + " runs on "
                            + node.name() + ": put " + colour + " on another node", Map.of());
                });
        Service.ColourState existing = current.colour(colour).orElse(null);
        if (existing != null && !existing.status().equals("terminated") && !existing.status().equals("failed")) {
            throw BerthException.conflict("colour_running", "The " + colour + " colour of " + name + " is " + existing.status()
                    + ": redeploy or terminate it", Map.of());
        }
        Instant now = clock.instant();
        int generation = existing == null ? 1 : existing.generation() + 1;
        Service.ColourState launching = new Service.ColourState(nodeId, containerName(name, colour, generation), current.image(), "launching",
                false, now, null, existing == null ? null : existing.build(), generation);
        Service updated = current.withColour(colour, launching, now);
        services.update(current, updated, entry(name, "colour.launch", caller.actor(), current.version(), updated.version(),
                "launching " + colour + " of " + name + " on " + node.name()));
        startColour(name, colour, "launch", updated.version());
        return updated;
    }

    public Service redeploy(Principal caller, String name, String colour) {
        caller.require(Role.MANAGER);
        Service current = services.get(name);
        Service.ColourState state = runningColour(current, colour);
        if (current.kind() == Service.Kind.POSTGRESQL) {
            // Two servers never share one data folder, so there is no "new beside old" for a database.
            throw BerthException.conflict("database_redeploy", "A postgresql colour is not redeployed in place: launch the other colour, "
                    + "restore a dump into it (POST .../database/restore) and promote it", Map.of());
        }
        Instant now = clock.instant();
        Service updated = current.withColour(colour, new Service.ColourState(state.nodeId(), state.container(), state.imageTag(), "redeploying",
                state.alternate(), state.since(), null, state.build(), state.generation()), now);
        services.update(current, updated, entry(name, "colour.redeploy", caller.actor(), current.version(), updated.version(),
                "redeploying " + colour + " of " + name));
        startColour(name, colour, "redeploy", updated.version());
        return updated;
    }

    public Service terminate(Principal caller, String name, String colour, Long expectedVersion) {
        caller.require(Role.MANAGER);
        checkColour(colour);
        Service current = services.get(name);
        checkVersion(current, expectedVersion);
        Service.ColourState state = current.colour(colour).filter(s -> !s.status().equals("terminated"))
                .orElseThrow(() -> BerthException.conflict("colour_not_running", "The " + colour + " colour of " + name + " runs nowhere", Map.of()));
        if (colour.equals(current.production())) {
            throw BerthException.conflict("colour_in_production", colour + " serves " + current.productionHost()
                    + ": promote the other colour first", Map.of());
        }
        Instant now = clock.instant();
        Service updated = current.withColour(colour, new Service.ColourState(state.nodeId(), state.container(), state.imageTag(), "terminating",
                state.alternate(), state.since(), null, state.build(), state.generation()), now);
        services.update(current, updated, entry(name, "colour.terminate", caller.actor(), current.version(), updated.version(),
                "terminating " + colour + " of " + name));
        startColour(name, colour, "terminate", updated.version());
        return updated;
    }

    /** Builds the image from a commit on the colour's node (or any ready docker node), tagged with the colour and the commit. */
    public Service build(Principal caller, String name, String colour, String gitUrl, String commit) {
        caller.require(Role.MANAGER);
        checkColour(colour);
        Service current = services.get(name);
        if (gitUrl == null || !(GitSources.isRepositoryUrl(gitUrl) || localGit && gitUrl.matches("file:///[A-Za-z0-9._/-]+"))) {
            throw BerthException.invalid("gitUrl", GitSources.URL_PROBLEM);
        }
        if (commit == null || !COMMIT.matcher(commit).matches()) {
            throw BerthException.invalid("commit", "must be a commit hash (7 to 40 hex digits)");
        }
        String builder = current.colour(colour).filter(s -> !s.status().equals("terminated")).map(Service.ColourState::nodeId)
                .or(() -> nodes.all(Node.Role.DOCKER).stream().filter(Node::ready).map(Node::id).findFirst())
                .orElseThrow(() -> BerthException.conflict("no_builder", "No ready docker node to build on: create one", Map.of()));
        String buildId = "build-" + dev.berth.core.Ids.ulid(clock.instant());
        services.update(current, current.withDefinition(current, clock.instant()), entry(name, "build", caller.actor(), current.version(),
                current.version() + 1, "building " + name + ":" + colour + " from " + gitUrl + " at " + commit));
        workflows.start(BUILD_MACHINE, name + "-" + buildId, Json.write(Map.of("service", name, "colour", colour, "gitUrl", gitUrl,
                "commit", commit, "nodeId", builder)));
        return services.get(name);
    }

    /** Points the production hostname at {@code colour} (If-Match on the service); the other becomes staging. */
    public Service promote(Principal caller, String name, String colour, Long expectedVersion) {
        caller.require(Role.MANAGER);
        checkColour(colour);
        Service current = services.get(name);
        checkVersion(current, expectedVersion);
        runningColour(current, colour);
        if (colour.equals(current.production())) {
            return current;
        }
        Service updated = current.withProduction(colour, clock.instant());
        services.update(current, updated, entry(name, "promote", caller.actor(), current.version(), updated.version(),
                "promoting " + colour + " of " + name + " to " + current.productionHost()));
        workflows.start(PROMOTE_MACHINE, name + "-" + updated.version(), Json.write(Map.of("service", name, "colour", colour,
                "previous", current.production() == null ? "" : current.production())));
        return updated;
    }

    public List<LogLine> log(Principal caller, String name, String colour, long after, int limit) {
        caller.require(Role.VIEWER);
        checkColour(colour);
        services.get(name);
        return logs.read(logId(name, colour), after, limit);
    }

    /** A colour's whole log (the download), page by page from the store. */
    public List<LogLine> fullLog(Principal caller, String name, String colour) {
        List<LogLine> all = new ArrayList<>();
        List<LogLine> page;
        do {
            page = log(caller, name, colour, all.isEmpty() ? 0 : all.get(all.size() - 1).sequence(), 1000);
            all.addAll(page);
        } while (page.size() == 1000);
        return all;
    }

    private void startColour(String name, String colour, String operation, long version) {
        workflows.start(COLOUR_MACHINE, name + "-" + colour + "-" + operation + "-" + version,
                Json.write(Map.of("service", name, "colour", colour, "operation", operation)));
    }

    private Service.ColourState runningColour(Service service, String colour) {
        checkColour(colour);
        return service.colour(colour).filter(s -> s.status().equals("running")).orElseThrow(() ->
                BerthException.conflict("colour_not_running", "The " + colour + " colour of " + service.name() + " is not running", Map.of()));
    }

    private void checkHostsFree(Service wanted) {
        for (Service other : services.all()) {
            if (other.name().equals(wanted.name())) {
                continue;
            }
            for (String host : List.of(wanted.productionHost(), wanted.stagingHost())) {
                if (host.equals(other.productionHost()) || host.equals(other.stagingHost())) {
                    throw BerthException.conflict("duplicate_host", host + " is a hostname of service " + other.name(),
                            Map.of("fields", Map.of("productionHost", "is taken")));
                }
            }
        }
    }

    static String containerName(String service, String colour, int generation) {
        return service + "-" + colour + "-" + generation;
    }

    private static void checkColour(String colour) {
        if (!Service.COLOURS.contains(colour)) {
            throw BerthException.notFound("Colour", colour + " (colours: blue, green)");
        }
    }

    private static void checkVersion(Service current, Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw BerthException.stale(current.version());
        }
    }

    private AuditEntry entry(String name, String action, String actor, Long before, Long after, String summary) {
        return new AuditEntry("svc:" + name, "service", action, actor, clock.instant(), before, after, summary);
    }
}
