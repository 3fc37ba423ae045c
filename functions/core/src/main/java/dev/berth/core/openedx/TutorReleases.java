package dev.berth.core.openedx;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Open edX releases Berth deploys, each with the Tutor version it pins and the edx-platform
 * ref Tutor builds by default (docs/tutor.md lists the same table with its sources). An instance
 * may override the Tutor version within the release's major.
 */
public final class TutorReleases {

    /** A named release: the Tutor major it needs, the version pinned, the default edx-platform ref. */
    public record Release(String name, int tutorMajor, String tutorVersion, String platformRef) {
        /** Tutor 21 (Ulmo) removed the preview site's host: the page moved into the learning MFE. */
        public boolean hasPreviewHost() {
            return tutorMajor <= 20;
        }
    }

    private static final Map<String, Release> RELEASES = new LinkedHashMap<>();

    static {
        for (Release r : List.of(
                new Release("redwood", 18, "18.2.2", "open-release/redwood.3"),
                new Release("sumac", 19, "19.0.5", "open-release/sumac.3"),
                new Release("teak", 20, "20.0.6", "release/teak.3"),
                new Release("ulmo", 21, "21.0.11", "release/ulmo.5"),
                new Release("verawood", 22, "22.0.3", "release/verawood.1"))) {
            RELEASES.put(r.name(), r);
        }
    }

    public static final String DEFAULT = "ulmo";

    private TutorReleases() {
    }

    public static Optional<Release> find(String name) {
        return Optional.ofNullable(name == null ? null : RELEASES.get(name));
    }

    public static Release get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown Open edX release " + name));
    }

    public static List<String> names() {
        return List.copyOf(RELEASES.keySet());
    }

    /**
     * The release a stored value names: a release name, or a ref of the Ansible era such as
     * {@code open-release/sumac.master} (items written before Berth moved to Tutor).
     */
    public static String fromStored(String value) {
        if (value == null) {
            return DEFAULT;
        }
        if (RELEASES.containsKey(value)) {
            return value;
        }
        String name = value.replaceFirst("^(open-)?release/", "").replaceFirst("\\..*$", "");
        return RELEASES.containsKey(name) ? name : DEFAULT;
    }

    /** The major of a Tutor version such as {@code 21.0.11}. */
    public static int major(String tutorVersion) {
        return Integer.parseInt(tutorVersion.substring(0, tutorVersion.indexOf('.')));
    }
}
