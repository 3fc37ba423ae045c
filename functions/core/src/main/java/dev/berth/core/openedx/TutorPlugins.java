package dev.berth.core.openedx;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Tutor plugins Berth knows: their package, the Tutor majors they exist for, and the host
 * they serve (which Berth routes and publishes). Which of them instances may enable is the
 * operator's allow-list ({@code BERTH_TUTOR_PLUGINS}).
 */
public final class TutorPlugins {

    /** {@code hostRole} names the domain prefix the plugin's site takes ({@code null}: no site of its own). */
    public record Plugin(String name, int firstMajor, int lastMajor, String hostRole, String hostKey) {
        /** The pip requirement of the plugin for a Tutor major, or of a pinned version. */
        public String requirement(int tutorMajor, String version) {
            return "tutor-" + name + (version != null ? "==" + version : ">=" + tutorMajor + ".0.0,<" + (tutorMajor + 1) + ".0.0");
        }

        /** The prefix of the configuration keys the plugin adds (Tutor upper-cases the plugin's name). */
        public String configPrefix() {
            return name.toUpperCase(Locale.ROOT) + "_";
        }
    }

    private static final Map<String, Plugin> PLUGINS = new LinkedHashMap<>();

    static {
        for (Plugin p : List.of(
                new Plugin("mfe", 15, 99, "mfe", "MFE_HOST"),
                new Plugin("indigo", 15, 99, null, null),
                new Plugin("discovery", 15, 99, "discovery", "DISCOVERY_HOST"),
                new Plugin("ecommerce", 15, 19, "ecommerce", "ECOMMERCE_HOST"),
                new Plugin("credentials", 15, 99, "credentials", "CREDENTIALS_HOST"),
                new Plugin("notes", 15, 99, "notes", "NOTES_HOST"),
                new Plugin("xqueue", 15, 99, "xqueue", "XQUEUE_HOST"),
                new Plugin("forum", 15, 99, null, null),
                new Plugin("minio", 15, 99, "files", "MINIO_HOST"),
                new Plugin("deck", 19, 99, null, null),
                new Plugin("jupyter", 15, 99, null, null))) {
            PLUGINS.put(p.name(), p);
        }
    }

    /** Tutor enables these when it is installed; Berth does the same for new instances. */
    public static final List<String> DEFAULTS = List.of("mfe", "indigo");

    private TutorPlugins() {
    }

    public static Optional<Plugin> find(String name) {
        return Optional.ofNullable(name == null ? null : PLUGINS.get(name));
    }

    public static List<String> names() {
        return List.copyOf(PLUGINS.keySet());
    }
}
