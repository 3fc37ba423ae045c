package dev.berth.local;

import dev.berth.local.cloud.LocalCloud;
import dev.berth.local.console.ConsoleFiles;
import dev.berth.local.lambda.LocalJobRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole of Berth on a laptop: the runtime (template, DynamoDB Local, handlers, HTTP API),
 * the local cloud in place of OpenStack, HAProxy and DNS, and the state machines run by the local
 * ASL interpreter. {@code ./berth local} and the end-to-end tests build it the same way.
 */
public record LocalSystem(LocalRuntime runtime, LocalCloud cloud, LocalStateMachines stateMachines) {

    public static LocalSystem create(LocalOptions options) throws IOException {
        LocalCloud cloud = LocalCloud.create(options.dataFolder(), options.proxyPort(), Duration.ofSeconds(1));
        // The local cloud's settings first; the user's own BERTH_* variables still win.
        Map<String, String> env = new LinkedHashMap<>(LocalCloud.defaults(options.port(), cloud.proxyPort()));
        env.putAll(options.environment());
        LocalHandlers handlers = new LocalHandlers(cloud);
        LocalRuntime runtime;
        try {
            runtime = LocalRuntime.create(options.withEnvironment(env), handlers);
        } catch (IOException | RuntimeException e) {
            cloud.close();
            throw e;
        }
        cloud.installInto(runtime);
        LocalStateMachines machines = LocalStateMachines.install(runtime, Double.parseDouble(env.getOrDefault("BERTH_LOCAL_WAIT_SCALE", "1")));
        handlers.connect(runtime.dynamoDb()::client, machines, new LocalJobRuns(runtime.functions().get("JobsFunction")));
        LocalSchedules.install(runtime);
        // Kept data (--data) comes back with its instances: the proxy learns their routes again.
        runtime.add(Component.of("routes", () -> {
            var routing = runtime.functions().get("RoutingStepsFunction");
            if (routing.isAvailable()) {
                routing.invoke("{\"step\":\"applyRouting\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "startup-routes");
            }
        }, Component.Action.NONE));
        Path console = options.template().toAbsolutePath().getParent().resolve("console");
        if (Files.isDirectory(console)) {
            runtime.http().fallback(new ConsoleFiles(console));
        }
        return new LocalSystem(runtime, cloud, machines);
    }
}
