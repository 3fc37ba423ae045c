package dev.berth.core.port.compute;

/** Where to SSH to; {@code hostKeyFingerprint} pins the host key (SHA256:... as OpenSSH prints it). */
public record SshTarget(String host, int port, String user, String hostKeyFingerprint) {
}
