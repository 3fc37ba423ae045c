package dev.berth.localdata;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RabbitMQ from {@code rabbitmq-server}, run straight from {@code /usr/lib/rabbitmq/bin} (Debian's
 * {@code /usr/sbin/rabbitmq-server} wrapper switches to the rabbitmq user and its fixed folders). Everything it
 * keeps lives under {@code dataDir/rabbitmq}; it gets its own {@code epmd} on a free port so that no shared
 * epmd daemon outlives it. The admin user comes from {@code default_user}/{@code default_pass} in a 0600
 * rabbitmq.conf; the management plugin listens on its own free port.
 */
final class RabbitMqLauncher implements Launcher {
    static final String ADMIN_USER = "admin";

    @Override
    public RunningServer launch(LaunchContext ctx) throws Exception {
        Optional<Path> server = Binaries.find("rabbitmq-server", RabbitMqLauncher::notDebianWrapper);
        if (server.isEmpty()) {
            throw new Unavailable("rabbitmq-server is not installed (apt-get install rabbitmq-server)");
        }
        Optional<Path> epmd = Binaries.find("epmd");
        if (epmd.isEmpty()) {
            throw new Unavailable("epmd (Erlang) is not installed (apt-get install rabbitmq-server)");
        }
        Path dir = ctx.dir();
        Path home = Files.createDirectories(dir.resolve("home"));
        Path logs = Files.createDirectories(dir.resolve("log"));
        Path mnesiaBase = Files.createDirectories(dir.resolve("mnesia"));
        Path mnesiaDir = mnesiaBase.resolve("node");
        Path log = dir.resolve("rabbitmq.log");
        boolean existing = Files.isDirectory(mnesiaDir) && hasFiles(mnesiaDir);
        Path passwordFile = dir.resolve("admin-password");
        if (existing && !Files.isRegularFile(passwordFile)) {
            ctx.log("warning: " + mnesiaDir + " exists but " + passwordFile + " does not: the new password only "
                    + "applies to a fresh node");
        }
        String password = Secrets.loadOrCreatePassword(passwordFile);

        int amqpPort = Ports.free();
        int managementPort = Ports.free();
        int distPort = Ports.free();
        int epmdPort = Ports.free();
        // The node name is stored with the data (Mnesia refuses a different one), so it survives restarts.
        Path nodeNameFile = dir.resolve("nodename");
        String nodeName;
        if (Files.isRegularFile(nodeNameFile)) {
            nodeName = Files.readString(nodeNameFile, StandardCharsets.UTF_8).trim();
        } else {
            nodeName = "berth-" + amqpPort + "@localhost";
            Files.writeString(nodeNameFile, nodeName + "\n", StandardCharsets.UTF_8);
        }

        Path config = dir.resolve("rabbitmq.conf");
        Secrets.writeOwnerOnly(config, String.join("\n",
                "# Written by berth-local-data on every start.",
                "default_user = " + ADMIN_USER,
                "default_pass = " + password,
                "default_vhost = /",
                "default_user_tags.administrator = true",
                "default_permissions.configure = .*",
                "default_permissions.read = .*",
                "default_permissions.write = .*",
                "loopback_users = none",
                "management.tcp.ip = 127.0.0.1",
                "management.tcp.port = " + managementPort,
                "log.console = false",
                "log.file.level = info",
                ""));
        Path plugins = dir.resolve("enabled_plugins");
        Files.writeString(plugins, "[rabbitmq_management].\n", StandardCharsets.UTF_8);
        Path envFile = dir.resolve("rabbitmq-env.conf");
        if (!Files.exists(envFile)) {
            Files.writeString(envFile, "# Empty: keeps /etc/rabbitmq/rabbitmq-env.conf out.\n");
        }

        Map<String, String> env = new HashMap<>();
        String path = System.getenv("PATH");
        env.put("PATH", (path == null || path.isBlank() ? "" : path + ":") + "/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("LC_ALL", "C.UTF-8");
        env.put("HOME", home.toString());
        env.put("ERL_EPMD_PORT", Integer.toString(epmdPort));
        env.put("RABBITMQ_NODENAME", nodeName);
        env.put("RABBITMQ_USE_LONGNAME", "false");
        env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_NODE_PORT", Integer.toString(amqpPort));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
        env.put("RABBITMQ_MNESIA_BASE", mnesiaBase.toString());
        env.put("RABBITMQ_MNESIA_DIR", mnesiaDir.toString());
        env.put("RABBITMQ_LOG_BASE", logs.toString());
        env.put("RABBITMQ_CONFIG_FILE", config.toString());
        env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
        env.put("RABBITMQ_CONF_ENV_FILE", envFile.toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", plugins.toString());
        env.put("RABBITMQ_PID_FILE", dir.resolve("rabbitmq.pid").toString());
        env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");

        ChildProcess epmdProcess = ctx.track(ChildProcess.start("epmd", List.of(epmd.get().toString(), "-port",
                Integer.toString(epmdPort), "-address", "127.0.0.1"), env, true, dir, dir.resolve("epmd.log"),
                "TERM", Duration.ofSeconds(5)));
        ctx.awaitReady(epmdProcess, () -> Ports.accepting(epmdPort));

        ChildProcess broker = ctx.track(ChildProcess.start("rabbitmq-server", List.of(server.get().toString()),
                env, true, dir, log, "TERM", Duration.ofSeconds(30)));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest overview = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                        + "/api/overview"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (ADMIN_USER + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(3))
                .GET().build();
        ctx.awaitReady(broker, () -> http.send(overview, HttpResponse.BodyHandlers.discarding()).statusCode() == 200
                && Ports.accepting(amqpPort));
        return new RunningServer(Kind.RABBITMQ, "127.0.0.1", amqpPort, managementPort, ADMIN_USER, password);
    }

    /** Debian's /usr/sbin/rabbitmq-server is a wrapper that su's to the rabbitmq user: skip it. */
    private static boolean notDebianWrapper(Path candidate) {
        try {
            if (candidate.toRealPath().getFileName().toString().equals("rabbitmq-script-wrapper")) {
                return false;
            }
            String head = new String(Files.readAllBytes(candidate.toRealPath()), StandardCharsets.UTF_8);
            return !head.contains("su rabbitmq");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hasFiles(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }
}
