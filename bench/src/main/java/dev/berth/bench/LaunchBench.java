package dev.berth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.local.LocalOptions;
import dev.berth.local.LocalSystem;
import dev.berth.asl.AslExecution;
import dev.berth.asl.HistoryEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issue 3's figures: the control-plane overhead of one local launch with a no-op deploy (wall time
 * from POST to running, minus the time spent in Wait states, which the simulated boot overlaps),
 * and the state transitions per launch, excluding the poll loops' repetitions.
 */
public final class LaunchBench {
    private static final ObjectMapper JSON = dev.berth.core.json.Json.MAPPER;
    private static final Set<String> POLL_STATES = Set.of("WaitForVm", "CheckVm", "IsVmReady", "WaitForDeploy", "PollDeploy", "IsDeployDone");

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(System.getProperty("bench.runs", "5"));
        Path root = Path.of(System.getProperty("berth.root", ".")).toAbsolutePath();
        String token = "bench-admin-token-0123456789";
        LocalSystem system = LocalSystem.create(new LocalOptions(root.resolve("template.yaml"), 0, null,
                Map.of("BERTH_ADMIN_TOKEN", token, "BERTH_LAUNCH_POLL_SECONDS", "1"), 0));
        system.runtime().start();
        String api = system.runtime().apiUrl().toString().replaceAll("/api/v1/?$", "");
        HttpClient http = HttpClient.newHttpClient();
        System.out.printf("Local launch with a no-op deploy (poll every 1 s, VM boot simulated as 1 s), %d runs%n", runs);
        try {
            for (int run = 1; run <= runs; run++) {
                Launch launch = launch(system, api, token, http, "Bench " + run, "bench" + run, Duration.ofMinutes(2));
                AslExecution execution = launch.execution();
                long wallMs = launch.wallMs();
                List<HistoryEvent> history = execution.history();
                long waitMs = 0;
                int transitions = 0;
                int pollTransitions = 0;
                java.util.Map<String, Integer> seen = new java.util.HashMap<>();
                for (int i = 0; i < history.size(); i++) {
                    HistoryEvent e = history.get(i);
                    if (e.type().endsWith("StateEntered")) {
                        transitions++;
                        int times = seen.merge(e.state(), 1, Integer::sum);
                        if (POLL_STATES.contains(e.state()) && times > 1) {
                            pollTransitions++;
                        }
                        if (e.type().equals("WaitStateEntered") && i + 1 < history.size()) {
                            waitMs += Duration.between(e.timestamp(), history.get(i + 1).timestamp()).toMillis();
                        }
                    }
                }
                long overhead = wallMs - waitMs; // the simulated boot overlaps the first Wait
                System.out.printf("  run %d: %s in %5d ms; waits %5d ms; control-plane overhead %5d ms (goal <= 5000); "
                        + "state transitions %d, %d without poll repeats (goal <= 40)%n",
                        run, execution.status(), wallMs, waitMs, overhead, transitions, transitions - pollTransitions);
            }
        } finally {
            system.runtime().stop();
        }
        warmPool(root, token, http);
        Runtime.getRuntime().halt(0);
    }

    /**
     * Issue 19.6: time from POST to running with a realistic boot (bench.bootSeconds, default 60 s scaled by
     * bench.bootScale, default 0.25), without the warm pool and then with a VM the pool booted ahead.
     */
    private static void warmPool(Path root, String token, HttpClient http) throws Exception {
        double boot = Double.parseDouble(System.getProperty("bench.bootSeconds", "60")) * Double.parseDouble(System.getProperty("bench.bootScale", "0.25"));
        LocalSystem system = LocalSystem.create(new LocalOptions(root.resolve("template.yaml"), 0, null,
                Map.of("BERTH_ADMIN_TOKEN", token, "BERTH_LAUNCH_POLL_SECONDS", "1", "BERTH_LOCAL_BOOT_SECONDS", String.valueOf(boot),
                        "BERTH_VM_POOL", "1"), 0));
        system.runtime().start();
        String api = system.runtime().apiUrl().toString().replaceAll("/api/v1/?$", "");
        try {
            System.out.printf("%nWarm VM pool: time from POST to running with a local VM boot of %.0f s (a 60 s cloud boot, scaled), 1 s polls%n", boot);
            long without = timeToRunning(system, api, token, http, "cold");
            // The pool's job boots one VM (the cold launch above did not claim: the pool was empty), then marks it ready.
            long waited = System.nanoTime();
            while (true) {
                JsonNode report = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/jobs/vm-pool/run"))
                        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                if (report.toString().contains(" is ready")) {
                    break;
                }
                if (Duration.ofNanos(System.nanoTime() - waited).toSeconds() > 10 * boot + 60) {
                    throw new IllegalStateException("the pool's VM never became ready: " + report);
                }
                Thread.sleep(1000);
            }
            long with = timeToRunning(system, api, token, http, "pooled");
            System.out.printf("  without the pool: %6d ms to running%n  with the pool:    %6d ms to running (%.1fx faster; the pool VM was booted %.0f s ahead)%n",
                    without, with, (double) without / with, Duration.ofNanos(System.nanoTime() - waited).toMillis() / 1000.0);
        } finally {
            system.runtime().stop();
        }
    }

    private static long timeToRunning(LocalSystem system, String api, String token, HttpClient http, String name) throws Exception {
        Launch launch = launch(system, api, token, http, "Pool " + name, "pool-" + name, Duration.ofMinutes(10));
        if (launch.execution().status() != AslExecution.Status.SUCCEEDED) {
            throw new IllegalStateException("the " + name + " launch ended " + launch.execution().status());
        }
        return launch.wallMs();
    }

    /** A launch's execution, and the time from its POST to the execution's end. */
    private record Launch(AslExecution execution, long wallMs) {
    }

    /** Creates an instance (no-op deploy), launches an app server on it and waits for the launch to end. */
    private static Launch launch(LocalSystem system, String api, String token, HttpClient http, String name, String subDomain, Duration timeout)
            throws Exception {
        String body = "{\"name\":\"" + name + "\",\"subDomain\":\"" + subDomain + "\",\"ephemeralDatabases\":true,"
                + "\"extraSettings\":\"berth_test_deploy_seconds: 0\\n\"}";
        JsonNode instance = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/instances"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body());
        long start = System.nanoTime();
        JsonNode server = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/instances/" + instance.get("id").asText() + "/appservers"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body());
        AslExecution execution = null;
        while (execution == null) {
            execution = system.stateMachines().execution("LaunchAppServer", server.get("id").asText()).orElse(null);
            Thread.sleep(5);
        }
        execution.await(timeout);
        return new Launch(execution, (System.nanoTime() - start) / 1_000_000);
    }
}
