package dev.berth.api.http;

import dev.berth.core.error.BerthException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strong ETags {@code "v<version>"} and the If-Match precondition (RFC 9110): required on every
 * change (428 without), {@code *} matches whatever version exists, a weak tag never matches.
 */
public final class Etags {
    private static final Pattern STRONG = Pattern.compile("\"v(\\d{1,18})\"");

    private Etags() {
    }

    public static String of(long version) {
        return "\"v" + version + "\"";
    }

    /**
     * The version the caller expects, or null for {@code *}. An If-Match that names no version of
     * ours (a weak or foreign tag) can match nothing: it is reported as stale.
     */
    public static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw BerthException.ifMatchRequired();
        }
        String value = ifMatch.trim();
        if (value.equals("*")) {
            return null;
        }
        Matcher m = STRONG.matcher(value);
        if (m.matches()) {
            return Long.parseLong(m.group(1));
        }
        // A list of tags, or a weak one: no version of ours can equal it.
        return -1L;
    }
}
