package dev.berth.core.profile;

import dev.berth.core.domain.ComputeSettings;
import dev.berth.core.domain.InstanceSettings;
import dev.berth.core.domain.TutorPlugin;
import dev.berth.core.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A profile's defaults over an instance's settings: each field the profile holds and the instance
 * does not set itself ({@link InstanceSettings#profileOverrides()}) takes the profile's value. The
 * values were checked when the profile was written, as an instance's settings are.
 */
public final class ProfileDefaults {
    /** What a setting profile may hold: how an instance is deployed and run, never who or where it is. */
    public static final Set<String> FIELDS = Set.of("baseDomain", "openedxRelease", "tutorVersion", "plugins", "edxPlatformRepo",
            "edxPlatformRef", "dockerImage", "extraSettings", "ephemeralDatabases", "allowMultipleActive", "rebuildSchedule", "compute");

    /**
     * What a profile's later changes reach: all but where the instance lives and whether its databases are
     * ephemeral, which only a create takes from a profile (a change there would move its sites or drop its data).
     */
    public static final Set<String> FOLLOWED = FIELDS.stream().filter(f -> !f.equals("baseDomain") && !f.equals("ephemeralDatabases"))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private ProfileDefaults() {
    }

    /** {@code s} under the profile's {@link #FOLLOWED} defaults, but for the fields it sets itself. */
    public static InstanceSettings apply(InstanceSettings s, Map<String, Object> defaults) {
        Map<String, Object> d = new HashMap<>(defaults);
        d.keySet().retainAll(FOLLOWED);
        d.keySet().removeAll(s.profileOverrides());
        return new InstanceSettings(s.name(), s.subDomain(), text(d, "baseDomain", s.baseDomain()), s.domainPrefixes(),
                text(d, "openedxRelease", s.openedxRelease()), text(d, "tutorVersion", s.tutorVersion()),
                d.containsKey("plugins") ? plugins(d.get("plugins")) : s.plugins(), text(d, "edxPlatformRepo", s.edxPlatformRepo()),
                text(d, "edxPlatformRef", s.edxPlatformRef()), text(d, "dockerImage", s.dockerImage()), s.theme(),
                text(d, "extraSettings", s.extraSettings()), flag(d, "ephemeralDatabases", s.ephemeralDatabases()), s.ownerEmail(),
                flag(d, "allowMultipleActive", s.allowMultipleActive()), text(d, "rebuildSchedule", s.rebuildSchedule()), s.profile(),
                d.containsKey("compute") ? Json.MAPPER.convertValue(d.get("compute"), ComputeSettings.class) : s.compute(),
                s.profileOverrides());
    }

    private static String text(Map<String, Object> d, String field, String own) {
        return d.containsKey(field) ? (d.get(field) instanceof String value ? value : null) : own;
    }

    private static boolean flag(Map<String, Object> d, String field, boolean own) {
        return d.get(field) instanceof Boolean value ? value : own;
    }

    /** {@code ["mfe", {"name": "discovery", "version": "21.0.1"}]}, as an instance's {@code plugins}. */
    private static List<TutorPlugin> plugins(Object value) {
        List<TutorPlugin> plugins = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object plugin : list) {
                if (plugin instanceof String name) {
                    plugins.add(new TutorPlugin(name, null));
                } else if (plugin instanceof Map<?, ?> map && map.get("name") instanceof String name) {
                    plugins.add(new TutorPlugin(name, map.get("version") instanceof String version ? version : null));
                }
            }
        }
        return plugins;
    }
}
