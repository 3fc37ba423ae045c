package dev.berth.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What an instance with persistent data needs from the data tier: the kinds, and for database
 * kinds the databases by role ({@code BERTH_DATA_NEEDS}, e.g.
 * {@code mysql:openedx+xqueue+notes+discovery+ecommerce,mongodb:modulestore+forum,storage}; add {@code rabbitmq} for a
 * vhost, which Tutor itself does not use: its Celery runs on Redis),
 * and how many scheduled backups to keep per instance ({@code BERTH_BACKUPS_KEEP}).
 */
public record DataTierConfig(Map<DataKind, List<String>> needs, int backupsKeep) {
    public static final String DEFAULT_NEEDS = "mysql:openedx+xqueue+notes+discovery+ecommerce,mongodb:modulestore+forum,storage";

    public DataTierConfig {
        needs = Map.copyOf(needs);
    }

    public static DataTierConfig fromEnvironment(Map<String, String> env) {
        return new DataTierConfig(parseNeeds(env.getOrDefault("BERTH_DATA_NEEDS", DEFAULT_NEEDS)),
                Integer.parseInt(env.getOrDefault("BERTH_BACKUPS_KEEP", "7")));
    }

    static Map<DataKind, List<String>> parseNeeds(String text) {
        Map<DataKind, List<String>> needs = new EnumMap<>(DataKind.class);
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split(":", 2);
            DataKind kind = DataKind.fromWire(parts[0].trim()).orElseThrow(() ->
                    new IllegalArgumentException("BERTH_DATA_NEEDS names an unknown kind '" + parts[0] + "' (kinds: " + DataKind.wireNames() + ")"));
            List<String> roles = parts.length == 2 ? new ArrayList<>(Arrays.stream(parts[1].split("\\+")).map(String::trim).toList()) : List.of();
            if ((kind == DataKind.MYSQL || kind == DataKind.POSTGRESQL || kind == DataKind.MONGODB) && roles.isEmpty()) {
                throw new IllegalArgumentException("BERTH_DATA_NEEDS: " + kind.wireName() + " needs its databases (e.g. mysql:openedx+xqueue)");
            }
            roles.forEach(role -> DataNames.identifier("x_" + role));
            needs.put(kind, List.copyOf(roles));
        }
        return needs;
    }

    /** The order placements are made and dropped in. */
    public List<DataKind> kinds() {
        return Arrays.stream(DataKind.values()).filter(needs::containsKey).toList();
    }
}
