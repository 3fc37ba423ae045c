package dev.berth.local;

import dev.berth.local.data.LocalDataTier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code ./berth local [--port 8080] [--data DIR] [--template FILE]}: runs Berth on this machine. */
public final class BerthLocal {
    private static final String USAGE = """
            Usage: ./berth local [--port PORT] [--proxy-port PORT] [--data DIR] [--data-servers KINDS] [--template FILE]
              --port PORT       HTTP API (and console) port on localhost (default 8080)
              --proxy-port PORT the instances' port: http://<sub-domain>.localhost:PORT (default 8081)
              --data DIR        keep the data in DIR across restarts (default: in memory)
              --data-servers KINDS  the data tier's servers to run: mysql,postgresql,mongodb,rabbitmq (the default;
                                MariaDB, PostgreSQL and RabbitMQ from Debian's packages, MongoDB in the JVM), or none
              --template FILE   the SAM template to run (default: template.yaml)
            Environment: BERTH_ADMIN_TOKEN (admin token; generated and shown once if unset),
            and any BERTH_* setting, which is passed to the functions.""";

    private BerthLocal() {
    }

    public static void main(String[] args) {
        long mainAt = System.currentTimeMillis();
        LocalOptions options;
        try {
            options = parse(List.of(args), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("berth local: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(USAGE);
            return;
        }
        LocalRuntime runtime;
        LocalSystem system;
        long createdAt;
        try {
            system = LocalSystem.create(options);
            createdAt = System.currentTimeMillis();
            runtime = system.runtime();
            runtime.start();
        } catch (Exception e) {
            System.err.println("berth local: " + oneLine(e));
            if (System.getenv("BERTH_DEBUG") != null) {
                e.printStackTrace();
            }
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("berth local: stopping");
            runtime.stop();
            stopped.countDown();
        }, "berth-shutdown"));
        System.out.println(banner(runtime, system, startBreakdown(mainAt, createdAt, runtime)));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Null for --help. */
    static LocalOptions parse(List<String> args, Map<String, String> env) {
        int port = LocalOptions.DEFAULT_PORT;
        int proxyPort = LocalOptions.DEFAULT_PROXY_PORT;
        Path data = null;
        String dataServers = env.getOrDefault(LocalDataTier.KINDS_VARIABLE, LocalDataTier.ALL);
        Path template = Path.of(System.getProperty("berth.root", ".")).resolve("template.yaml");
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--port" -> {
                    String v = value != null ? value : next(args, ++i, arg);
                    try {
                        port = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port needs a number, got " + v);
                    }
                    if (port < 1 || port > 65535) {
                        throw new IllegalArgumentException("--port must be between 1 and 65535, got " + port);
                    }
                }
                case "--proxy-port" -> {
                    String v = value != null ? value : next(args, ++i, arg);
                    try {
                        proxyPort = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--proxy-port needs a number, got " + v);
                    }
                    if (proxyPort < 1 || proxyPort > 65535) {
                        throw new IllegalArgumentException("--proxy-port must be between 1 and 65535, got " + proxyPort);
                    }
                }
                case "--data-servers" -> dataServers = value != null ? value : next(args, ++i, arg);
                case "--data" -> data = userPath(value != null ? value : next(args, ++i, arg));
                case "--template" -> template = userPath(value != null ? value : next(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (!Files.isRegularFile(template)) {
            throw new IllegalArgumentException(template + " not found (run from the repository root or pass --template)");
        }
        if (data != null && Files.exists(data) && !Files.isDirectory(data)) {
            throw new IllegalArgumentException("--data " + data + " is not a folder");
        }
        LocalDataTier.kinds(dataServers); // refuses an unknown kind now, not at start
        Map<String, String> withData = new java.util.HashMap<>(env);
        withData.put(LocalDataTier.KINDS_VARIABLE, dataServers);
        withData.putIfAbsent(LocalDataTier.BACKGROUND_VARIABLE, "true"); // the API answers while they start
        return new LocalOptions(template, port, data, withData, proxyPort);
    }

    /** Relative paths are relative to where the user ran {@code ./berth} (the script changes folder). */
    private static Path userPath(String value) {
        return Path.of(System.getProperty("berth.cwd", "")).resolve(value);
    }

    private static String next(List<String> args, int i, String flag) {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args.get(i);
    }

    /**
     * Where the start went, from the process's start (the JVM's own clock of it) to the API answering: the JVM
     * until main, preparing the system (keys, certificates, template), then each component in start order.
     */
    static String startBreakdown(long mainAt, long createdAt, LocalRuntime runtime) {
        long processStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        long total = System.currentTimeMillis() - processStart;
        StringBuilder out = new StringBuilder("started in ").append(total).append(" ms from the process start: JVM ")
                .append(mainAt - processStart).append(", setup ").append(createdAt - mainAt);
        // Components named with what they hold (the state machines, an address): their first words are enough here.
        runtime.componentStartMillis().forEach((component, ms) -> out.append(", ").append(component.replaceAll("( \\[.*| at .*)$", ""))
                .append(' ').append(ms));
        return out.toString();
    }

    static String banner(LocalRuntime runtime, LocalSystem system, String started) {
        StringBuilder out = new StringBuilder();
        out.append("\nBerth is running locally (").append(started).append(")\n");
        out.append("  API:        ").append(runtime.apiUrl()).append("/api/v1\n");
        out.append("  Instances:  http://<sub-domain>.localhost:").append(system.cloud().proxyPort()).append("/ and https://<sub-domain>.localhost:")
                .append(system.cloud().tlsPort()).append("/ (trust ").append(system.cloud().root().resolve("tls/ca.pem").toAbsolutePath())
                .append(")\n");
        out.append("  Data:       ").append(runtime.options().dataFolder() == null ? "in memory (gone when stopped; keep it with --data DIR)"
                : runtime.options().dataFolder().toAbsolutePath()).append('\n');
        out.append("  DynamoDB:   ").append(runtime.dynamoDb().endpoint()).append('\n');
        if ("true".equals(runtime.options().environment().get(LocalDataTier.BACKGROUND_VARIABLE))
                && !LocalDataTier.kinds(runtime.options().environment().get(LocalDataTier.KINDS_VARIABLE)).isEmpty()) {
            out.append("  Data tier:  its servers are starting beside the API; a launch with persistent data needs them ")
                    .append("(\"data: servers registered\" below says when)\n");
        }
        if (runtime.adminTokenGenerated()) {
            out.append("  Admin token (shown once; set BERTH_ADMIN_TOKEN to choose your own):\n");
            out.append("    ").append(runtime.adminToken().orElseThrow()).append('\n');
        } else if (runtime.adminToken().isPresent()) {
            out.append("  Admin token: from BERTH_ADMIN_TOKEN\n");
        }
        for (String warning : runtime.warnings()) {
            out.append("  Note: ").append(warning).append('\n');
        }
        out.append("  Try:        curl ").append(runtime.apiUrl()).append("/api/v1/health\n");
        out.append("Press Ctrl-C to stop.");
        return out.toString();
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.toString();
        }
        return message.replace('\n', ' ');
    }
}
