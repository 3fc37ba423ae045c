package dev.berth.core.services;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A container service: its definition (image, explicit port maps, environment, the names of its
 * secrets, volumes, health path, hostnames) and its two colours, each a container on a node.
 * {@code production} names the colour the production hostname serves; the other serves staging.
 */
public record Service(
        String name,
        Kind kind,
        String image,
        List<PortMap> ports,
        Map<String, String> env,
        List<String> secretNames,
        List<Volume> volumes,
        String healthPath,
        String productionHost,
        String stagingHost,
        Map<String, ColourState> colours,
        String production,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public static final List<String> COLOURS = List.of("blue", "green");

    /** {@code container}: any image; {@code postgresql}: a database whose dumps go through the data tier's tools. */
    public enum Kind {
        CONTAINER, POSTGRESQL;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Optional<Kind> fromWire(String value) {
            for (Kind kind : values()) {
                if (kind.wireName().equals(value)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /** A published port: the container's port, and the node's port it is published on. */
    public record PortMap(int container, int host) {
    }

    /** A named volume kept on the node across redeploys, mounted at {@code path}. */
    public record Volume(String name, String path) {
    }

    /** Where a build came from. */
    public record BuildInfo(String gitUrl, String commit, String colour, Instant builtAt) {
    }

    /**
     * One colour's container. {@code alternate}: its host ports are the definition's plus
     * {@link ServiceRules#ALTERNATE_OFFSET} (a redeploy starts the new container on the other
     * set, so the old one serves until the new one is healthy).
     *
     * @param status {@code launching}, {@code running}, {@code failed}, {@code terminated}
     */
    public record ColourState(String nodeId, String container, String imageTag, String status, boolean alternate, Instant since,
                              String failureReason, BuildInfo build, int generation) {
    }

    public Service {
        ports = List.copyOf(ports);
        env = new TreeMap<>(env);
        secretNames = List.copyOf(secretNames);
        volumes = List.copyOf(volumes);
        colours = new TreeMap<>(colours);
    }

    public Optional<ColourState> colour(String colour) {
        return Optional.ofNullable(colours.get(colour));
    }

    public String other(String colour) {
        return colour.equals("blue") ? "green" : "blue";
    }

    /** The host port a colour's first port map is published on now. */
    public int publishedPort(ColourState state) {
        int host = ports.isEmpty() ? 80 : ports.get(0).host();
        return state.alternate() ? ServiceRules.alternate(host) : host;
    }

    public Service withColour(String colour, ColourState state, Instant now) {
        Map<String, ColourState> next = new TreeMap<>(colours);
        if (state == null) {
            next.remove(colour);
        } else {
            next.put(colour, state);
        }
        return new Service(name, kind, image, ports, env, secretNames, volumes, healthPath, productionHost, stagingHost, next,
                production, createdAt, now, version + 1);
    }

    public Service withProduction(String colour, Instant now) {
        return new Service(name, kind, image, ports, env, secretNames, volumes, healthPath, productionHost, stagingHost, colours,
                colour, createdAt, now, version + 1);
    }

    public Service withSecretNames(List<String> names, Instant now) {
        return new Service(name, kind, image, ports, env, names, volumes, healthPath, productionHost, stagingHost, colours,
                production, createdAt, now, version + 1);
    }

    /** The definition changed; colours and production stay. */
    public Service withDefinition(Service d, Instant now) {
        return new Service(name, d.kind(), d.image(), d.ports(), d.env(), secretNames, d.volumes(), d.healthPath(), d.productionHost(),
                d.stagingHost(), colours, production, createdAt, now, version + 1);
    }

    public static String secretName(String service, String key) {
        return "services/" + service + "/secrets/" + key;
    }
}
