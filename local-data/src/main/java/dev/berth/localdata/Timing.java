package dev.berth.localdata;

import java.util.Locale;

final class Timing {
    private Timing() {
    }

    /** "1.23 s" since {@code startNanos} (a {@link System#nanoTime()} value). */
    static String since(long startNanos) {
        return String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - startNanos) / 1e9);
    }
}
