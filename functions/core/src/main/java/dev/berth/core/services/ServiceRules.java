package dev.berth.core.services;

import dev.berth.core.error.BerthException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What a service's definition must be; every problem at once (422 with {@code fields}). */
public final class ServiceRules {
    /** The other set of host ports a colour alternates to on a redeploy. */
    public static final int ALTERNATE_OFFSET = 10_000;
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,30}[a-z0-9]");
    public static final Pattern KEY = Pattern.compile("[A-Z_][A-Z0-9_]{0,63}");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/-]{0,199}(:[A-Za-z0-9._-]{1,128})?");
    private static final Pattern HOST = Pattern.compile("(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");
    private static final Pattern VOLUME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._/-]{0,255}");
    private static final int MAX_ENV_VALUE = 4096;
    private static final int POSTGRES_PORT = 5432;
    private static final String POSTGRES_DATA = "/var/lib/postgresql/data";
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private ServiceRules() {
    }

    public static int alternate(int port) {
        return port + ALTERNATE_OFFSET <= 65535 ? port + ALTERNATE_OFFSET : port - ALTERNATE_OFFSET;
    }

    public static void validate(Service s) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (s.name() == null || !NAME.matcher(s.name()).matches()) {
            problems.put("name", "must be 3-32 of a-z, 0-9 and -, starting with a letter");
        }
        if (s.image() == null || !IMAGE.matcher(s.image()).matches()) {
            problems.put("image", s.image() == null ? "is required" : "is not an image name (registry/name[:tag])");
        }
        Set<Integer> hosts = new HashSet<>();
        for (Service.PortMap p : s.ports()) {
            if (p.container() < 1 || p.container() > 65535 || p.host() < 1024 || p.host() > 65535) {
                problems.put("ports", "container ports are 1-65535 and host ports 1024-65535");
            } else if (!hosts.add(p.host()) || !hosts.add(alternate(p.host()))) {
                problems.put("ports", "host port " + p.host() + " is used twice (each also needs its alternate " + alternate(p.host()) + ")");
            }
        }
        if (s.ports().isEmpty()) {
            problems.put("ports", "at least one port map {container, host} is needed (the first is the one routed)");
        }
        s.env().forEach((key, value) -> {
            if (!KEY.matcher(key).matches()) {
                problems.put("env", key + " is not an environment variable name (A-Z, 0-9, _)");
            } else if (value == null || value.length() > MAX_ENV_VALUE || value.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0)) {
                problems.put("env", key + " must be a single line of at most " + MAX_ENV_VALUE + " characters");
            } else if (s.secretNames().contains(key)) {
                problems.put("env", key + " is a secret of this service: set it with PUT .../secrets/" + key);
            }
        });
        Set<String> volumeNames = new HashSet<>();
        for (Service.Volume v : s.volumes()) {
            if (!VOLUME.matcher(v.name()).matches() || v.path() == null || !PATH.matcher(v.path()).matches() || !volumeNames.add(v.name())) {
                problems.put("volumes", "each volume needs a unique name (a-z, 0-9, _ -) and an absolute path");
            }
        }
        if (s.healthPath() == null || !PATH.matcher(s.healthPath()).matches()) {
            problems.put("healthPath", "must be a path such as /health");
        }
        for (Map.Entry<String, String> host : Map.of("productionHost", String.valueOf(s.productionHost()), "stagingHost",
                String.valueOf(s.stagingHost())).entrySet()) {
            if (!HOST.matcher(host.getValue()).matches()) {
                problems.put(host.getKey(), "must be a host name");
            }
        }
        if (s.productionHost() != null && s.productionHost().equals(s.stagingHost())) {
            problems.put("stagingHost", "must differ from productionHost");
        }
        if (s.kind() == Service.Kind.POSTGRESQL) {
            database(s, problems);
        }
        if (!problems.isEmpty()) {
            throw BerthException.invalid(problems);
        }
    }

    /**
     * A postgresql service: its first port map publishes 5432 (never routed, reached privately),
     * its data is on a named volume (a redeploy must not lose it), its names are plain identifiers
     * (the data tier's tools put them in SQL) and its password is a secret, never plain env.
     */
    private static void database(Service s, Map<String, String> problems) {
        if (!s.ports().isEmpty() && s.ports().get(0).container() != POSTGRES_PORT) {
            problems.put("ports", "the first port map of a postgresql service publishes container port " + POSTGRES_PORT);
        }
        if (s.volumes().stream().noneMatch(v -> v.path().equals(POSTGRES_DATA))) {
            problems.put("volumes", "a postgresql service keeps its data on a volume at " + POSTGRES_DATA);
        }
        for (String key : java.util.List.of("POSTGRES_USER", "POSTGRES_DB")) {
            String value = s.env().get(key);
            if (value != null && !IDENTIFIER.matcher(value).matches()) {
                problems.put("env", key + " must be a plain identifier (a-z, 0-9 and _, starting with a letter)");
            }
        }
        if (s.env().containsKey("POSTGRES_PASSWORD")) {
            problems.put("env", "POSTGRES_PASSWORD is a secret: set it with PUT .../secrets/POSTGRES_PASSWORD");
        }
    }

    /** A secret's name (an environment variable's) and value. */
    public static void validateSecret(String key, String value) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw BerthException.invalid("key", "must be an environment variable name (A-Z, 0-9, _)");
        }
        if (value == null || value.isEmpty() || value.length() > MAX_ENV_VALUE || value.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0)) {
            throw BerthException.invalid("value", "must be a single line of 1 to " + MAX_ENV_VALUE + " characters");
        }
    }
}
