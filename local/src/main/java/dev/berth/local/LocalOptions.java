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
 * @param proxyPort   the local load balancer's port, where instances answer (0: any free port)
 */
public record LocalOptions(Path template, int port, Path dataFolder, Map<String, String> environment, int proxyPort) {
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_PROXY_PORT = 8081;

    public LocalOptions {
        environment = Map.copyOf(environment);
    }

    public LocalOptions(Path template, int port, Path dataFolder, Map<String, String> environment) {
        this(template, port, dataFolder, environment, DEFAULT_PROXY_PORT);
    }

    /** For tests: any free ports, in memory, an empty environment. */
    public static LocalOptions forTest(Path template) {
        return new LocalOptions(template, 0, null, Map.of(), 0);
    }

    public LocalOptions withDataFolder(Path folder) {
        return new LocalOptions(template, port, folder, environment, proxyPort);
    }

    public LocalOptions withEnvironment(Map<String, String> env) {
        return new LocalOptions(template, port, dataFolder, env, proxyPort);
    }

    public LocalOptions withProxyPort(int newProxyPort) {
        return new LocalOptions(template, port, dataFolder, environment, newProxyPort);
    }
}
