package dev.berth.localdata;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server process started by us, with stdout and stderr appended to a log file. Stopping sends a graceful
 * signal, waits, then kills the process and everything it started.
 */
final class ChildProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path logFile;
    private final String gracefulSignal;
    private final Duration grace;

    private ChildProcess(String name, Process process, Path logFile, String gracefulSignal, Duration grace) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.gracefulSignal = gracefulSignal;
        this.grace = grace;
    }

    /**
     * Starts {@code command}. {@code environment} replaces the inherited one when {@code cleanEnvironment}, else it
     * is added to it. {@code gracefulSignal} is TERM or INT (PostgreSQL's fast shutdown).
     */
    static ChildProcess start(String name, List<String> command, Map<String, String> environment,
                              boolean cleanEnvironment, Path workDir, Path logFile, String gracefulSignal,
                              Duration grace) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (cleanEnvironment) {
            pb.environment().clear();
        }
        pb.environment().putAll(environment);
        pb.directory(workDir.toFile());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return new ChildProcess(name, pb.start(), logFile, gracefulSignal, grace);
    }

    /** Runs a short command to its end (e.g. initdb); returns its exit code, or throws on timeout. */
    static int run(List<String> command, Map<String, String> environment, boolean cleanEnvironment, Path workDir,
                   Path logFile, Duration timeout) throws IOException, InterruptedException {
        ChildProcess child = start(command.get(0), command, environment, cleanEnvironment, workDir, logFile, "TERM",
                Duration.ofSeconds(5));
        if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            child.close();
            throw new IOException(Path.of(command.get(0)).getFileName() + " did not finish within "
                    + timeout.toSeconds() + " s");
        }
        return child.process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** "exited with code N" for a dead process. */
    String exitDescription() {
        return process.isAlive() ? "is still running" : "exited with code " + process.exitValue();
    }

    /** The last {@code lines} lines of the log file (at most 4 KiB), for failure reasons. */
    String logTail(int lines) {
        return tail(logFile, lines);
    }

    static String tail(Path file, int lines) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, 4096);
            byte[] buf = new byte[size];
            raf.seek(length - size);
            raf.readFully(buf);
            String[] all = new String(buf, StandardCharsets.UTF_8).strip().split("\n");
            int from = Math.max(0, all.length - lines);
            return String.join(" | ", List.of(all).subList(from, all.length)).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Graceful signal, wait up to the grace period, then SIGKILL to the process and all its descendants. */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().toList();
        if (process.isAlive()) {
            signal(gracefulSignal);
            try {
                process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Helpers that outlived the main process (they are normally gone within a moment).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (ProcessHandle d : descendants) {
            while (d.isAlive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (d.isAlive()) {
                d.destroyForcibly();
            }
        }
    }

    private void signal(String signal) {
        if ("TERM".equals(signal)) {
            process.destroy();
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                process.destroy();
            }
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }

    @Override
    public String toString() {
        return name + "(pid " + process.pid() + ")";
    }
}
