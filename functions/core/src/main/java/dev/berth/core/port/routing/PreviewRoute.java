package dev.berth.core.port.routing;

/** A password-protected link to one app server: {@code host} answers only with these credentials. */
public record PreviewRoute(String appServerId, String host, String username, String password, Backend backend) {
    @Override
    public String toString() {
        return "PreviewRoute[" + appServerId + " at " + host + ", user " + username + "]"; // never the password
    }
}
