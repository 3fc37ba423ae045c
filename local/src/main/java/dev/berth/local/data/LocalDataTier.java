package dev.berth.local.data;

import dev.berth.core.auth.Principal;
import dev.berth.core.data.DataKind;
import dev.berth.core.data.DataServer;
import dev.berth.core.data.DataServerDraft;
import dev.berth.core.data.DataServerService;
import dev.berth.core.repository.Page;
import dev.berth.local.Component;
import dev.berth.localdata.Kind;
import dev.berth.localdata.LocalDataServers;
import dev.berth.localdata.RunningServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The laptop's data tier: real MariaDB, PostgreSQL and RabbitMQ from Debian's packages and an
 * in-JVM MongoDB, each on a free port with its data under the runtime's folder, registered as
 * data servers named {@code local-<kind>} (updated on a restart, when their ports change), plus
 * a {@code local-storage} server backed by a folder. A kind that is not installed is reported
 * and left out: launches that need it fail with that reason.
 */
public final class LocalDataTier implements Component {
    /** {@code BERTH_LOCAL_DATA_SERVERS}: the kinds to run ({@code none}, or e.g. {@code mysql,mongodb}). */
    public static final String KINDS_VARIABLE = "BERTH_LOCAL_DATA_SERVERS";
    public static final String ALL = "mysql,postgresql,mongodb,rabbitmq";
    private static final Principal LOCAL = Principal.system("local-runtime");

    private final Path folder;
    private final Set<Kind> kinds;
    private final Supplier<DataServerService> servers;
    private volatile LocalDataServers running;
    private final boolean background;
    private Thread starting;
    private volatile boolean stopping;

    /**
     * @param background start the servers after the runtime answers ({@code ./berth local}: RabbitMQ alone takes
     *                   seconds), registering each kind once all are up; a launch before then is told no server accepts it
     */
    public LocalDataTier(Path folder, Set<Kind> kinds, Supplier<DataServerService> servers, boolean background) {
        this.folder = folder;
        this.kinds = kinds;
        this.servers = servers;
        this.background = background;
    }

    /** Set by {@code ./berth local}: the data servers start beside the API rather than before it. */
    public static final String BACKGROUND_VARIABLE = "BERTH_LOCAL_DATA_IN_BACKGROUND";

    public static Set<Kind> kinds(String setting) {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        if (setting == null || setting.isBlank() || setting.equals("none")) {
            return kinds;
        }
        for (String name : setting.split(",")) {
            try {
                kinds.add(Kind.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(KINDS_VARIABLE + " names an unknown kind '" + name + "' (kinds: " + ALL + ", or none)");
            }
        }
        return kinds;
    }

    @Override
    public String name() {
        return "data servers";
    }

    @Override
    public void start() {
        if (!background || kinds.isEmpty()) {
            startNow();
            return;
        }
        long begin = System.nanoTime();
        starting = new Thread(() -> {
            try {
                startNow();
                if (stopping) { // stopped while they were starting: nothing is left behind
                    LocalDataServers started = running;
                    running = null;
                    started.close();
                    return;
                }
                System.out.printf("  data: servers registered, %.1f s after the start%n", (System.nanoTime() - begin) / 1e9);
            } catch (RuntimeException e) {
                System.out.println("  data: the data servers could not start: " + e.getMessage() + "; launches that need them will fail");
            }
        }, "berth-data-servers");
        starting.setDaemon(true);
        starting.start();
    }

    private void startNow() {
        running = LocalDataServers.start(folder.resolve("servers"), kinds, line -> System.out.println("  data: " + line));
        running.unavailable().forEach((kind, reason) ->
                System.out.println("  data: " + kind.displayName() + " is unavailable: " + reason + "; launches that need it will fail"));
        for (Map.Entry<Kind, RunningServer> entry : running.available().entrySet()) {
            RunningServer server = entry.getValue();
            DataKind kind = DataKind.valueOf(entry.getKey().name());
            register(new DataServerDraft("local-" + kind.wireName(), kind, server.host(), server.port(),
                    kind == DataKind.RABBITMQ ? server.adminPort() : null, server.adminUser().isEmpty() ? "none" : server.adminUser(), null,
                    1000, DataServer.State.ACCEPTING, server.adminPassword()));
        }
        register(new DataServerDraft("local-storage", DataKind.STORAGE, "localhost", 443, null, "none", "berth-media", 1000,
                DataServer.State.ACCEPTING, "no-credentials-for-a-folder"));
    }

    @Override
    public void stop() throws InterruptedException {
        stopping = true;
        if (starting != null) {
            // A first initialisation of MariaDB can take minutes on a slow disk: the thread closes what it started itself.
            starting.join(Duration.ofMinutes(5).toMillis());
            if (starting.isAlive()) {
                return; // it closes what it started when it gets there
            }
        }
        if (running != null) {
            running.close();
        }
    }

    /** Creates the server, or points the one of that name at where it runs now. */
    private void register(DataServerDraft draft) {
        DataServerService service = servers.get();
        Optional<DataServer> existing = find(service, draft.name());
        if (existing.isEmpty()) {
            service.create(LOCAL, () -> draft);
        } else {
            service.change(LOCAL, existing.get().id(), null, current -> new DataServerDraft(current.name(), current.kind(), draft.host(),
                    draft.port(), draft.adminPort(), draft.adminUser(), current.bucket(), current.capacity(), current.state(), draft.adminPassword()));
        }
    }

    private static Optional<DataServer> find(DataServerService service, String name) {
        String cursor = null;
        do {
            Page<DataServer> page = service.list(LOCAL, null, 100, cursor);
            for (DataServer server : page.items()) {
                if (server.name().equals(name)) {
                    return Optional.of(server);
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return Optional.empty();
    }
}
