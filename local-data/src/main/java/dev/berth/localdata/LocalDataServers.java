package dev.berth.localdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Real data servers for the local runtime and tests, started as child processes from Debian packages (MariaDB,
 * PostgreSQL, RabbitMQ) or in this JVM (MongoDB wire protocol via mongo-java-server).
 *
 * <pre>{@code
 * try (LocalDataServers servers = LocalDataServers.start(dir, EnumSet.allOf(Kind.class), System.out::println)) {
 *     RunningServer pg = servers.available().get(Kind.POSTGRESQL);   // null when unavailable
 *     servers.unavailable().forEach((kind, why) -> System.out.println(kind + ": " + why));
 * }
 * }</pre>
 *
 * Each kind runs on free ports on 127.0.0.1 with its data under {@code dataDir/<kind>} (mysql, postgresql,
 * mongodb, rabbitmq). An existing data folder is reused, with the admin password from its 0600 file
 * {@code dataDir/<kind>/admin-password}. A kind that cannot start is reported in {@link #unavailable()}, never
 * thrown. Passwords never appear on a process command line.
 */
public final class LocalDataServers implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Map<Kind, RunningServer> available;
    private final Map<Kind, String> unavailable;
    private final Map<Kind, LaunchContext> contexts;
    private final Consumer<String> log;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    private LocalDataServers(Map<Kind, RunningServer> available, Map<Kind, String> unavailable,
                             Map<Kind, LaunchContext> contexts, Consumer<String> log, Thread shutdownHook) {
        this.available = Collections.unmodifiableMap(available);
        this.unavailable = Collections.unmodifiableMap(unavailable);
        this.contexts = contexts;
        this.log = log;
        this.shutdownHook = shutdownHook;
    }

    /**
     * Starts the {@code wanted} kinds in parallel and returns when each is accepting connections or has been
     * found unavailable.
     *
     * @param dataDir folder for all data (created if missing); each kind uses {@code dataDir/<kind>}
     * @param wanted  kinds to start
     * @param log     receives one line per event (data folder created or reused, startup time, failures)
     * @throws UncheckedIOException when {@code dataDir} itself cannot be created
     */
    public static LocalDataServers start(Path dataDir, Set<Kind> wanted, Consumer<String> log) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(wanted, "wanted");
        Consumer<String> sink = log == null ? line -> { } : log;
        Path root = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + root, e);
        }
        Set<Kind> kinds = wanted.isEmpty() ? EnumSet.noneOf(Kind.class) : EnumSet.copyOf(wanted);
        Map<Kind, LaunchContext> contexts = new EnumMap<>(Kind.class);
        for (Kind kind : kinds) {
            contexts.put(kind, new LaunchContext(kind, root.resolve(kind.directoryName()), sink, START_TIMEOUT));
        }
        // Registered before anything starts: a JVM that exits during startup still stops what has started.
        AtomicBoolean hookRan = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            if (hookRan.compareAndSet(false, true)) {
                stopAll(contexts, line -> { });
            }
        }, "berth-local-data-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        Map<Kind, Future<RunningServer>> futures = new EnumMap<>(Kind.class);
        for (Kind kind : kinds) {
            LaunchContext ctx = contexts.get(kind);
            FutureTask<RunningServer> task = new FutureTask<>(() -> launch(ctx));
            Thread thread = new Thread(task, "berth-local-data-" + kind.directoryName());
            thread.setDaemon(true);
            thread.start();
            futures.put(kind, task);
        }

        Map<Kind, RunningServer> available = new EnumMap<>(Kind.class);
        Map<Kind, String> unavailable = new EnumMap<>(Kind.class);
        for (Kind kind : kinds) {
            LaunchContext ctx = contexts.get(kind);
            String reason;
            try {
                available.put(kind, futures.get(kind).get(START_TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS));
                continue;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                reason = cause instanceof Unavailable ? cause.getMessage()
                        : kind.displayName() + " failed to start: " + cause;
            } catch (TimeoutException e) {
                futures.get(kind).cancel(true);
                reason = kind.displayName() + " did not start in time";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.get(kind).cancel(true);
                reason = kind.displayName() + " start was interrupted";
            }
            ctx.closeAll();
            unavailable.put(kind, reason);
            ctx.log("unavailable: " + reason);
        }
        return new LocalDataServers(available, unavailable, contexts, sink, hook);
    }

    private static RunningServer launch(LaunchContext ctx) throws Exception {
        long t0 = System.nanoTime();
        Files.createDirectories(ctx.dir());
        Launcher launcher = switch (ctx.kind()) {
            case MYSQL -> new MariaDbLauncher();
            case POSTGRESQL -> new PostgresLauncher();
            case MONGODB -> new MongoLauncher();
            case RABBITMQ -> new RabbitMqLauncher();
        };
        RunningServer server = launcher.launch(ctx);
        ctx.log("ready on " + server.host() + ":" + server.port()
                + (server.adminPort() > 0 ? " (management HTTP on port " + server.adminPort() + ")" : "")
                + " in " + Timing.since(t0));
        return server;
    }

    /** The kinds that are running, with where to reach them. */
    public Map<Kind, RunningServer> available() {
        return available;
    }

    /** The wanted kinds that are not running, each with a human reason (e.g. what to apt-get install). */
    public Map<Kind, String> unavailable() {
        return unavailable;
    }

    /** Stops every server (graceful, then killed after a timeout), all kinds in parallel. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs too, and stopping twice is harmless
        }
        Map<Kind, LaunchContext> running = new EnumMap<>(Kind.class);
        available.keySet().forEach(kind -> running.put(kind, contexts.get(kind)));
        stopAll(running, log);
    }

    private static void stopAll(Map<Kind, LaunchContext> contexts, Consumer<String> log) {
        List<Thread> threads = new ArrayList<>();
        for (LaunchContext ctx : contexts.values()) {
            Thread t = new Thread(() -> {
                long t0 = System.nanoTime();
                ctx.closeAll();
                try {
                    log.accept(ctx.kind().displayName() + ": stopped in " + Timing.since(t0));
                } catch (RuntimeException ignored) {
                    // a failing log callback must not keep servers running
                }
            }, "berth-local-data-stop-" + ctx.kind().directoryName());
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "LocalDataServers[available=" + available.values() + ", unavailable=" + unavailable.keySet() + "]";
    }
}
