package dev.berth.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The names Berth gives an instance's databases, users, vhost and storage prefix: derived from
 * the instance id (lower-case letters and digits), short enough for every server's limits
 * (MySQL users: 32 characters), and checked again before any adapter puts one in a statement.
 */
public final class DataNames {
    private static final Pattern SAFE = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private DataNames() {
    }

    /** The databases of a kind, from the configured base names (e.g. openedx, xqueue for MySQL). */
    public static List<String> databases(String instanceId, DataKind kind, List<String> baseNames) {
        String prefix = "i_" + safeId(instanceId);
        return switch (kind) {
            case RABBITMQ -> List.of(prefix);
            case STORAGE -> List.of("instances/" + safeId(instanceId) + "/");
            default -> {
                List<String> names = new ArrayList<>();
                for (String base : baseNames) {
                    names.add(identifier(prefix + "_" + base.toLowerCase(Locale.ROOT)));
                }
                yield names;
            }
        };
    }

    /** The user of a placement; a rotation alternates between the plain name and the one ending in {@code _r}. */
    public static String user(String instanceId) {
        return identifier("u_" + safeId(instanceId));
    }

    public static String nextUser(String currentUser) {
        return currentUser.endsWith("_r") ? currentUser.substring(0, currentUser.length() - 2) : identifier(currentUser + "_r");
    }

    /** Refuses anything that is not a plain identifier: adapters interpolate these into DDL. */
    public static String identifier(String name) {
        if (!SAFE.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a safe database identifier: " + name);
        }
        return name;
    }

    /** The role a database plays (its configured base name), from its name. */
    public static String role(DataKind kind, String databaseName) {
        return switch (kind) {
            case RABBITMQ -> "vhost";
            case STORAGE -> "prefix";
            default -> databaseName.split("_", 3)[2];
        };
    }

    private static String safeId(String instanceId) {
        String id = instanceId.toLowerCase(Locale.ROOT).replaceFirst("^in-", "").replaceFirst("^site-", "s").replaceAll("[^a-z0-9]", "");
        if (id.isEmpty() || id.length() > 27) {
            throw new IllegalArgumentException("Not an instance id: " + instanceId);
        }
        return id;
    }
}
