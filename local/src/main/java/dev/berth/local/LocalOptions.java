package dev.berth.local;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to run the local runtime.
 *
 * @param template    the SAM template to run
 * @param port        the HTTP API's port on loopback (0: any free port)
 * @param dataFolder  where to keep data across restarts, or null for in-memory
 * @param environment the process environment (BERTH_ADMIN_TOKEN, BERTH_* pass-through)
 */
public record LocalOptions(Path template, int port, Path dataFolder, Map<String, String> environment) {
    public static final int DEFAULT_PORT = 8080;

    public LocalOptions {
        environment = Map.copyOf(environment);
    }

    /** For tests: any free port, in memory, an empty environment. */
    public static LocalOptions forTest(Path template) {
        return new LocalOptions(template, 0, null, Map.of());
    }

    public LocalOptions withDataFolder(Path folder) {
        return new LocalOptions(template, port, folder, environment);
    }

    public LocalOptions withEnvironment(Map<String, String> env) {
        return new LocalOptions(template, port, dataFolder, env);
    }
}
