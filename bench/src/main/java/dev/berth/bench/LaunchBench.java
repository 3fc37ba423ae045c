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
                String body = "{\"name\":\"Bench " + run + "\",\"subDomain\":\"bench" + run + "\",\"extraSettings\":\"berth_test_deploy_seconds: 0\\n\"}";
                JsonNode instance = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/instances"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body());
                long start = System.nanoTime();
                JsonNode server = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/instances/" + instance.get("id").asText() + "/appservers"))
                        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body());
                String id = server.get("id").asText();
                AslExecution execution = null;
                while (execution == null) {
                    execution = system.stateMachines().execution("LaunchAppServer", id).orElse(null);
                    Thread.sleep(5);
                }
                execution.await(Duration.ofMinutes(2));
                long wallMs = (System.nanoTime() - start) / 1_000_000;
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
            Runtime.getRuntime().halt(0);
        }
    }
}
