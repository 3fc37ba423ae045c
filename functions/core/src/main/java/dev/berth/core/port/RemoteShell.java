package dev.berth.core.port;

import dev.berth.core.port.compute.SshTarget;
import dev.berth.core.port.compute.TailChunk;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Commands and files on a VM over SSH, with public-key authentication and pinned host keys.
 * Connection problems are transient {@link dev.berth.core.port.compute.CloudException}s;
 * authentication failures and host key mismatches are permanent.
 */
public interface RemoteShell {

    /** Trust on first use: the fingerprint the server presents now, for the caller to record and pin. */
    String learnHostKey(String host, int port);

    /** True if an SSH server answers there within the timeout. */
    boolean probe(String host, int port, Duration timeout);

    void upload(SshTarget target, String remotePath, byte[] content, int mode);

    /** Runs a command, streaming its output line by line; returns its exit status. */
    int run(SshTarget target, String command, Consumer<String> lines);

    /**
     * Starts a command that outlives the SSH session, its output going to {@code logPath} and
     * its exit status, once it ends, to {@code exitCodePath}.
     */
    void startDetached(SshTarget target, String command, String logPath, String exitCodePath);

    /** The complete lines of a file after byte {@code offset} (a partial last line waits for the next call). */
    TailChunk tail(SshTarget target, String path, long offset, int maxBytes);

    /** The exit status written by a detached command, once it has ended. */
    Optional<Integer> exitCode(SshTarget target, String exitCodePath);
}
