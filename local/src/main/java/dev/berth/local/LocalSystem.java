package dev.berth.local;

import dev.berth.core.service.TokenService;
import dev.berth.local.cloud.LocalCloud;
import dev.berth.local.console.ConsoleFiles;
import dev.berth.local.data.LocalDataTier;
import dev.berth.local.github.LocalGitHub;
import dev.berth.local.lambda.LocalJobRuns;
import dev.berth.local.secrets.FileSecretStore;
import dev.berth.local.storage.FolderObjectStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The whole of Berth on a laptop: the runtime (template, DynamoDB Local, handlers, HTTP API),
 * the local cloud in place of OpenStack, HAProxy and DNS, and the state machines run by the local
 * ASL interpreter, and a GitHub stand-in unless {@code BERTH_GITHUB_API_URL} names one. {@code
 * ./berth local} and the end-to-end tests build it the same way.
 */
public record LocalSystem(LocalRuntime runtime, LocalCloud cloud, LocalStateMachines stateMachines, Optional<LocalGitHub> gitHub) {

    public static LocalSystem create(LocalOptions options) throws IOException {
        // Everything the laptop's cloud keeps (VMs, secrets) lives under one folder: the data folder, or a temporary
        // one that goes with a clean stop.
        boolean temporary = options.dataFolder() == null;
        Path root = temporary ? Files.createTempDirectory("berth-local") : options.dataFolder();
        // A local VM "boots" in 1 s; BERTH_LOCAL_BOOT_SECONDS makes it as slow as a cloud's (the warm pool's benchmark).
        LocalCloud cloud = LocalCloud.create(root.resolve("cloud"), options.proxyPort(),
                Duration.ofMillis((long) (1000 * Double.parseDouble(options.environment().getOrDefault("BERTH_LOCAL_BOOT_SECONDS", "1")))));
        // The local cloud's settings first; the user's own BERTH_* variables still win.
        Map<String, String> env = new LinkedHashMap<>(LocalCloud.defaults(options.port(), cloud.proxyPort()));
        // No GitHub on a laptop: a stand-in answers the sandbox flow, unless the user points at one.
        LocalGitHub gitHub = options.environment().containsKey("BERTH_GITHUB_API_URL") ? null : new LocalGitHub();
        if (gitHub != null) {
            env.put("BERTH_GITHUB_API_URL", gitHub.url());
        }
        env.putAll(options.environment());
        Path buckets = root.resolve("buckets");
        FileSecretStore secrets = new FileSecretStore(root.resolve("secrets"));
        if (env.get("BERTH_BOOTSTRAP_SECRET") != null) {
            // As an operator puts it in SSM for a deployed stack: POST /api/v1/bootstrap/admin-token consumes it once.
            secrets.putIfAbsent(TokenService.BOOTSTRAP_SECRET, env.get("BERTH_BOOTSTRAP_SECRET"));
        }
        LocalHandlers handlers = new LocalHandlers(cloud, secrets,
                bucket -> new FolderObjectStorage(buckets.resolve(bucket)));
        LocalRuntime runtime;
        try {
            runtime = LocalRuntime.create(options.withEnvironment(env), handlers);
        } catch (IOException | RuntimeException e) {
            cloud.close();
            if (gitHub != null) {
                gitHub.stop();
            }
            throw e;
        }
        if (temporary) {
            runtime.add(Component.of("temporary folder", Component.Action.NONE, () -> deleteTreeSettled(root)));
        }
        if (gitHub != null) {
            runtime.add(gitHub);
            runtime.http().tap("POST /api/v1/webhooks/github", gitHub::learn);
        }
        cloud.installInto(runtime);
        LocalStateMachines machines = LocalStateMachines.install(runtime, Double.parseDouble(env.getOrDefault("BERTH_LOCAL_WAIT_SCALE", "1")),
                root.resolve("executions"));
        handlers.connect(runtime.dynamoDb()::client, machines, new LocalJobRuns(runtime.functions().get("JobsFunction")), runtime.usage());
        LocalSchedules.install(runtime);
        runtime.add(new LocalDataTier(root.resolve("data"), LocalDataTier.kinds(env.get(LocalDataTier.KINDS_VARIABLE)),
                () -> handlers.root(runtime.functions().get("DataServersFunction").environment()).dataTier().servers(),
                "true".equals(env.get(LocalDataTier.BACKGROUND_VARIABLE))));
        // Kept data (--data) comes back with its instances: the proxy learns their routes again.
        runtime.add(Component.of("routes", () -> {
            var routing = runtime.functions().get("RoutingStepsFunction");
            if (routing.isAvailable()) {
                routing.invoke("{\"step\":\"applyRouting\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "startup-routes");
            }
        }, Component.Action.NONE));
        // Last, once everything they call is up: executions that were running when the process stopped go on.
        runtime.add(Component.of("kept executions", () -> machines.resumeKept(), Component.Action.NONE));
        Path console = options.template().toAbsolutePath().getParent().resolve("console");
        if (Files.isDirectory(console)) {
            runtime.http().fallback(new ConsoleFiles(console));
        }
        return new LocalSystem(runtime, cloud, machines, Optional.ofNullable(gitHub));
    }

    /** Removes the folder, trying again while a stopped server's last writes still land in it (RabbitMQ's do). */
    static void deleteTreeSettled(Path root) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                deleteTree(root);
                return;
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                if (attempt == 10) {
                    throw e;
                }
                Thread.sleep(300);
            }
        }
    }

    /** Removes a temporary folder and everything in it (the VMs' folders, the secrets). */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
