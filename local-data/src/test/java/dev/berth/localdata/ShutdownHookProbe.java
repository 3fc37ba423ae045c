package dev.berth.localdata;

import java.nio.file.Path;
import java.util.EnumSet;

/** Run in a separate JVM by the tests: starts servers, prints their pids, exits without close(). */
public final class ShutdownHookProbe {
    private ShutdownHookProbe() {
    }

    public static void main(String[] args) {
        LocalDataServers servers = LocalDataServers.start(Path.of(args[0]), EnumSet.of(Kind.MYSQL, Kind.POSTGRESQL),
                line -> System.out.println("LOG " + line));
        System.out.println("AVAILABLE " + servers.available().keySet());
        ProcessHandle.current().descendants().forEach(p -> System.out.println("PID " + p.pid()));
        System.out.flush();
        System.exit(0); // no close(): the shutdown hook must stop everything
    }
}
