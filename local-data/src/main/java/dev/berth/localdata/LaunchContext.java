package dev.berth.localdata;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/** What a {@link Launcher} gets: its kind's data folder, the log callback, and a place to park what must be stopped. */
final class LaunchContext {
    /** Checks readiness once; returns true when ready, false or throws when not yet. */
    interface ReadinessCheck {
        boolean ready() throws Exception;
    }

    private final Kind kind;
    private final Path dir;
    private final Consumer<String> log;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Duration startTimeout;

    LaunchContext(Kind kind, Path dir, Consumer<String> log, Duration startTimeout) {
        this.kind = kind;
        this.dir = dir;
        this.log = log;
        this.startTimeout = startTimeout;
    }

    Kind kind() {
        return kind;
    }

    /** {@code dataDir/<kind>}, already created. */
    Path dir() {
        return dir;
    }

    Duration startTimeout() {
        return startTimeout;
    }

    void log(String message) {
        try {
            log.accept(kind.displayName() + ": " + message);
        } catch (RuntimeException ignored) {
            // a failing log callback must not break the servers
        }
    }

    /** Registers something to stop on close; stopped in reverse order of registration. */
    synchronized <T extends AutoCloseable> T track(T resource) {
        resources.push(resource);
        return resource;
    }

    /** Stops everything tracked, last registered first. Never throws. */
    void closeAll() {
        while (true) {
            AutoCloseable next;
            synchronized (this) {
                next = resources.poll();
            }
            if (next == null) {
                return;
            }
            try {
                next.close();
            } catch (Exception e) {
                log("stopping " + next + " failed: " + e);
            }
        }
    }

    /** Polls {@code check} until it succeeds; fails early when {@code process} dies, or after the start timeout. */
    void awaitReady(ChildProcess process, ReadinessCheck check) throws Unavailable, InterruptedException {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        Exception last = null;
        while (true) {
            if (process != null && !process.alive()) {
                throw new Unavailable(kind.displayName() + " " + process.exitDescription() + " during startup"
                        + logHint(process));
            }
            try {
                if (check.ready()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new Unavailable(kind.displayName() + " did not accept connections within "
                        + startTimeout.toSeconds() + " s" + (last == null ? "" : " (last error: " + last + ")")
                        + (process == null ? "" : logHint(process)));
            }
            Thread.sleep(100);
        }
    }

    private static String logHint(ChildProcess process) {
        String tail = process.logTail(6);
        return tail.isEmpty() ? "" : "; last log lines: " + tail;
    }
}
