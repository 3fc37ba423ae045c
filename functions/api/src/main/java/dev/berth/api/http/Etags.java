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
    /** RFC 9110: "*" or a comma-separated list of entity tags (visible ASCII inside quotes), spaces and tabs around. */
    private static final Pattern LIST = Pattern.compile("[ \t]*(\\*|(W/)?\"[\\x21\\x23-\\x7e]*\"([ \t]*,[ \t]*(W/)?\"[\\x21\\x23-\\x7e]*\")*)[ \t]*");

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
        if (ifMatch == null || ifMatch.isEmpty()) {
            throw BerthException.ifMatchRequired();
        }
        if (!LIST.matcher(ifMatch).matches()) {
            throw BerthException.badRequest("invalid_if_match", "If-Match must be * or entity tags such as \"v3\"");
        }
        String value = ifMatch.strip();
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
