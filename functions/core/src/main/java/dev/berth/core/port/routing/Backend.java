package dev.berth.core.port.routing;

/** An app server's web server: plain HTTP at host:port. */
public record Backend(String appServerId, String host, int port) {
}
