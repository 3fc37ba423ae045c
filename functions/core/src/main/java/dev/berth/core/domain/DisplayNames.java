package dev.berth.core.domain;

import java.util.Optional;

/**
 * Names people give things (instances, tokens): any Unicode letters, digits, punctuation and
 * emoji, but no control characters (C0, DEL, C1: NUL, CR, LF...) and no bidirectional controls
 * (overrides, embeddings, isolates, marks), which could make a name display as something else.
 */
public final class DisplayNames {
    private DisplayNames() {
    }

    /** What is wrong with {@code name}, if anything. */
    public static Optional<String> problem(String name, int maxLength) {
        if (name == null || name.isBlank()) {
            return Optional.of("is required");
        }
        if (name.codePointCount(0, name.length()) > maxLength) {
            return Optional.of("must be at most " + maxLength + " characters");
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (Character.getType(c) == Character.CONTROL || isBidiControl(c) || Character.getType(c) == Character.SURROGATE) {
                return Optional.of(String.format("must not contain control characters (U+%04X)", c));
            }
            i += Character.charCount(c);
        }
        return Optional.empty();
    }

    private static boolean isBidiControl(int c) {
        return c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069 || c == 0x200E || c == 0x200F || c == 0x061C;
    }
}
