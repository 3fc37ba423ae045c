package dev.berth.core.port.routing;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A redirect the load balancer answers itself: requests for {@code host} at {@code /path} (or
 * under it; an empty path is the host's root only) get {@code code} with {@code Location:
 * destination}. Checked here, since it is written into the load balancer's configuration.
 */
public record Redirect(String id, String host, String path, String destination, int code) {
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    private static final Pattern PATH = Pattern.compile("([A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*)?");
    private static final Pattern URL = Pattern.compile("https?://[A-Za-z0-9.-]+(:\\d{1,5})?(/[A-Za-z0-9._~/%?=&+-]*)?");

    public Redirect {
        host = host.toLowerCase(Locale.ROOT);
    }

    /** Why the load balancer cannot take it, or null. */
    public String problem() {
        if (!HOST.matcher(host).matches() || host.length() > 253) {
            return "'" + host + "' is not a host name";
        }
        if (!PATH.matcher(path).matches()) {
            return "'" + path + "' is not a path of letters, digits and ._~-";
        }
        if (!URL.matcher(destination).matches() || destination.length() > 2000) {
            return "'" + destination + "' is not an http(s) URL the load balancer can write";
        }
        if (code != 301 && code != 302 && code != 307) {
            return code + " is not 301, 302 or 307";
        }
        return null;
    }

    /** Does a request for this host and path (as sent, from its leading /) get redirected? */
    public boolean matches(String requestHost, String requestPath) {
        if (!host.equals(requestHost)) {
            return false;
        }
        return path.isEmpty() ? requestPath.equals("/") : requestPath.equals("/" + path) || requestPath.startsWith("/" + path + "/");
    }
}
