package dev.berth.cloud.ssh;

import dev.berth.core.port.RemoteShell;
import dev.berth.core.port.compute.CloudException;
import dev.berth.core.port.compute.SshTarget;
import dev.berth.core.port.compute.TailChunk;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.xfer.InMemorySourceFile;

/**
 * {@link RemoteShell} on sshj: one connection per call (a launch step touches a VM every few
 * seconds at most), public-key authentication, and host keys pinned by SHA-256 fingerprint.
 */
public final class SshjRemoteShell implements RemoteShell {
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int READ_TIMEOUT_MS = 60_000;

    /** How the client key reaches sshj: a key pair (local runtime) or a PEM text (AWS, from SSM). */
    @FunctionalInterface
    public interface ClientKey {
        KeyProvider load(SSHClient ssh) throws IOException;
    }

    private final ClientKey clientKey;

    public SshjRemoteShell(ClientKey clientKey) {
        this.clientKey = clientKey;
    }

    public static SshjRemoteShell withKeyPair(KeyPair keyPair) {
        return new SshjRemoteShell(ssh -> ssh.loadKeys(keyPair));
    }

    public static SshjRemoteShell withPrivateKeyPem(String pem) {
        return new SshjRemoteShell(ssh -> ssh.loadKeys(pem, null, null));
    }

    /** OpenSSH's {@code SHA256:<base64>} fingerprint of a public key. */
    public static String fingerprint(PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String learnHostKey(String host, int port) {
        AtomicReference<String> seen = new AtomicReference<>();
        try (SSHClient ssh = new SSHClient()) {
            ssh.addHostKeyVerifier(recording(seen));
            ssh.setConnectTimeout(CONNECT_TIMEOUT_MS);
            ssh.connect(host, port);
        } catch (IOException e) {
            if (seen.get() == null) {
                throw classify("learning the host key of " + host + ":" + port, e);
            }
        }
        return seen.get();
    }

    @Override
    public boolean probe(String host, int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            byte[] banner = socket.getInputStream().readNBytes(4);
            return new String(banner, StandardCharsets.US_ASCII).equals("SSH-");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void upload(SshTarget target, String remotePath, byte[] content, int mode) {
        withClient(target, "upload " + remotePath, ssh -> {
            try (SFTPClient sftp = ssh.newSFTPClient()) {
                int slash = remotePath.lastIndexOf('/');
                if (slash > 0) {
                    sftp.mkdirs(remotePath.substring(0, slash));
                }
                sftp.put(new Bytes(remotePath.substring(slash + 1), content), remotePath);
                sftp.chmod(remotePath, mode);
            }
            return null;
        });
    }

    @Override
    public int run(SshTarget target, String command, Consumer<String> lines) {
        return withClient(target, "run a command", ssh -> {
            try (Session session = ssh.startSession()) {
                Session.Command cmd = session.exec(command);
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(cmd.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        lines.accept(line);
                    }
                }
                cmd.join(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                Integer status = cmd.getExitStatus();
                return status == null ? -1 : status;
            }
        });
    }

    @Override
    public void startDetached(SshTarget target, String command, String logPath, String exitCodePath) {
        // setsid + nohup: the command leaves the SSH session's process group and outlives it; the
        // exit file appears atomically (mv) so a reader never sees it half written.
        String script = "(" + command + "); echo $? > " + quote(exitCodePath + ".tmp") + " && mv " + quote(exitCodePath + ".tmp")
                + " " + quote(exitCodePath);
        String detached = "rm -f " + quote(exitCodePath) + " && nohup setsid sh -c " + quote(script) + " > " + quote(logPath)
                + " 2>&1 < /dev/null &";
        int status = run(target, detached, line -> { });
        if (status != 0) {
            throw new CloudException.Permanent("Could not start the detached command (exit " + status + ")", null);
        }
    }

    @Override
    public TailChunk tail(SshTarget target, String path, long offset, int maxBytes) {
        String command = "if [ -f " + quote(path) + " ]; then tail -c +" + (offset + 1) + " " + quote(path) + " | head -c " + maxBytes + "; fi";
        byte[] bytes = withClient(target, "read " + path, ssh -> {
            try (Session session = ssh.startSession()) {
                Session.Command cmd = session.exec(command);
                byte[] out;
                try (InputStream in = cmd.getInputStream()) {
                    out = in.readAllBytes();
                }
                cmd.join(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                return out;
            }
        });
        int end = lastNewline(bytes);
        if (end < 0) {
            return new TailChunk(List.of(), offset);
        }
        List<String> lines = new ArrayList<>();
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        for (String line : text.split("\n", -1)) {
            lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        return new TailChunk(lines, offset + end + 1);
    }

    @Override
    public Optional<Integer> exitCode(SshTarget target, String exitCodePath) {
        StringBuilder out = new StringBuilder();
        run(target, "cat " + quote(exitCodePath) + " 2>/dev/null || true", out::append);
        String text = out.toString().trim();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @FunctionalInterface
    private interface WithClient<T> {
        T apply(SSHClient ssh) throws IOException;
    }

    private <T> T withClient(SshTarget target, String what, WithClient<T> action) {
        try (SSHClient ssh = new SSHClient()) {
            if (target.hostKeyFingerprint() == null) {
                throw new CloudException.Permanent("No host key pinned for " + target.host() + ":" + target.port()
                        + ": learn it first (trust on first use)", null);
            }
            try {
                ssh.addHostKeyVerifier(target.hostKeyFingerprint());
            } catch (IllegalArgumentException e) {
                throw new CloudException.Permanent("Not a host key fingerprint: " + target.hostKeyFingerprint(), e);
            }
            ssh.setConnectTimeout(CONNECT_TIMEOUT_MS);
            ssh.setTimeout(READ_TIMEOUT_MS);
            ssh.connect(target.host(), target.port());
            ssh.authPublickey(target.user(), clientKey.load(ssh));
            return action.apply(ssh);
        } catch (CloudException e) {
            throw e;
        } catch (IOException e) {
            throw classify(what + " on " + target.host() + ":" + target.port(), e);
        }
    }

    private static CloudException classify(String what, IOException e) {
        if (e instanceof UserAuthException) {
            return new CloudException.Permanent("SSH authentication refused while trying to " + what, e);
        }
        if (e instanceof TransportException transport && transport.getDisconnectReason() == DisconnectReason.HOST_KEY_NOT_VERIFIABLE) {
            return new CloudException.Permanent("SSH host key mismatch while trying to " + what
                    + ": the server is not the one we pinned", e);
        }
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof ConnectException || cause instanceof SocketTimeoutException || cause instanceof NoRouteToHostException) {
                return new CloudException.Transient("SSH connection failed while trying to " + what + ": " + cause.getMessage(), e);
            }
            cause = cause.getCause();
        }
        return new CloudException.Transient("SSH failed while trying to " + what + ": " + e.getMessage(), e);
    }

    private static HostKeyVerifier recording(AtomicReference<String> seen) {
        return new HostKeyVerifier() {
            @Override
            public boolean verify(String hostname, int port, PublicKey key) {
                seen.set(fingerprint(key));
                return true;
            }

            @Override
            public List<String> findExistingAlgorithms(String hostname, int port) {
                return List.of();
            }
        };
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static final class Bytes extends InMemorySourceFile {
        private final String name;
        private final byte[] content;

        Bytes(String name, byte[] content) {
            this.name = name;
            this.content = content;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public long getLength() {
            return content.length;
        }

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(content);
        }
    }
}
