package dev.berth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.asl.AslExecution;
import dev.berth.core.cost.Prices;
import dev.berth.core.cost.Usage;
import dev.berth.github.webhook.WebhookSignature;
import dev.berth.local.LocalOptions;
import dev.berth.local.LocalSystem;
import dev.berth.local.template.FunctionResource;
import dev.berth.local.template.ScheduleEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 19.5's table: what the control plane costs, in dollars at AWS's prices (Prices.US_EAST_1), from
 * the local runtime's records of the same handlers and state machines (Lambda time at each function's
 * memory size, state transitions, DynamoDB's consumed capacity, API requests). Each figure is the
 * difference of the records around an action, once everything it started has finished.
 */
public final class CostBench {
    private static final ObjectMapper JSON = dev.berth.core.json.Json.MAPPER;
    private static final String TOKEN = "bench-admin-token-0123456789";
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
    private static final double DAYS_A_MONTH = 30;
    private static final Prices PRICES = Prices.US_EAST_1;

    private final LocalSystem system;
    private final String api;
    private final HttpClient http = HttpClient.newHttpClient();

    private CostBench(LocalSystem system) {
        this.system = system;
        this.api = system.runtime().apiUrl().toString().replaceAll("/api/v1/?$", "");
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("berth.root", ".")).toAbsolutePath();
        LocalSystem system = LocalSystem.create(new LocalOptions(root.resolve("template.yaml"), 0, null,
                Map.of("BERTH_ADMIN_TOKEN", TOKEN, "BERTH_LAUNCH_POLL_SECONDS", "1", "BERTH_LOCAL_WAIT_SCALE", "0.5",
                        // A production launch provisions its databases on the data tier.
                        "BERTH_LOCAL_DATA_SERVERS", dev.berth.local.data.LocalDataTier.ALL), 0));
        system.runtime().start();
        try {
            new CostBench(system).run(root);
        } finally {
            system.runtime().stop();
            Runtime.getRuntime().halt(0);
        }
    }

    private void run(Path root) throws Exception {
        System.out.println("Control-plane cost at us-east-1 on-demand prices, no free tier (VMs, storage and logs excluded)");
        System.out.printf("%-44s %8s %8s %9s %9s %9s %12s%n", "what", "transit.", "lambda", "GB-s", "read u.", "write u.", "dollars");
        schedulesOnce("warm-up"); // the first runs are the JVM's coldest: not a month's typical run
        Usage idleRuns = schedulesOnce("idle fleet");
        Usage idleMonth = idleRuns;
        print("idle month (schedules, empty fleet)", idleMonth);

        String instance = call("POST", "/api/v1/instances", "{\"name\":\"Cost\",\"subDomain\":\"cost\",\"extraSettings\":\"berth_test_deploy_seconds: 0\\n\"}")
                .get("id").asText();
        String[] server = new String[1];
        Usage launch = measure(() -> server[0] = call("POST", "/api/v1/instances/" + instance + "/appservers", null).get("id").asText());
        print("launch (to running, 1 s polls, no-op deploy)", launch);
        if (!call("GET", "/api/v1/appservers/" + server[0], null).path("status").asText().equals("running")) {
            throw new IllegalStateException("the launch did not end running: " + call("GET", "/api/v1/appservers/" + server[0], null));
        }
        JsonNode launchCost = call("GET", "/api/v1/appservers/" + server[0] + "/cost", null);
        String etag = etag("/api/v1/appservers/" + server[0]);
        Usage activation = measure(() -> http("POST", "/api/v1/appservers/" + server[0] + "/activate", null, etag));
        print("activation (with its routing sync)", activation);

        Usage oneInstanceRuns = schedulesOnce("one active instance");
        Usage difference = oneInstanceRuns.minus(idleRuns);
        // One instance adds a few ms to a job's run: below the noise of the runs' times, which can make the difference negative.
        Usage perInstanceMonth = new Usage(difference.stateTransitions(), difference.lambdaInvocations(), Math.max(0, difference.lambdaGbSeconds()),
                difference.readUnits(), difference.writeUnits(), difference.apiRequests(), true);
        print("one active instance, a month of schedules (*)", perInstanceMonth);
        // The same launch with a 10 s deploy: the difference is what the extra poll rounds cost, measured.
        String slow = call("POST", "/api/v1/instances", "{\"name\":\"Cost slow\",\"subDomain\":\"cost-slow\","
                + "\"extraSettings\":\"berth_test_deploy_seconds: 10\\n\"}").get("id").asText();
        String[] slowServer = new String[1];
        Usage slowLaunch = measure(() -> slowServer[0] = call("POST", "/api/v1/instances/" + slow + "/appservers", null).get("id").asText());
        long extraRounds = Math.max(1, pollRounds(slowServer[0]) - pollRounds(server[0]));
        Usage perRound = slowLaunch.minus(launch).times(1.0 / extraRounds);
        // A real launch: a 60 s boot and a 15-minute Tutor deploy, polled every 30 s.
        long realRounds = 60 / 30 + 15 * 60 / 30;
        Usage realLaunch = launch.plus(perRound.times(realRounds - pollRounds(server[0])));
        print("launch (60 s boot, 15 min deploy, 30 s polls)", realLaunch);

        Usage thousand = measure(() -> {
            for (int i = 0; i < 1000; i++) {
                call("GET", "/api/v1/instances/" + instance, null);
            }
            return null;
        });
        print("1,000 API calls (GET an instance)", thousand);

        call("POST", "/api/v1/watched-repositories", "{\"fullName\":\"Codertocat/Hello-World\",\"baseDomain\":\"localhost\"}");
        Usage opened = measure(() -> {
            webhook(root, "pull_request.opened.json");
            awaitActiveSandbox();
            return null;
        });
        Usage closed = measure(() -> webhook(root, "pull_request.closed.json"));
        Usage sandboxDay = opened.plus(closed).plus(perInstanceMonth.times(1 / DAYS_A_MONTH));
        print("sandbox-day (open, launch, serve a day, close)", sandboxDay);

        System.out.printf("%n(*) its Lambda time: %.2f GB-s measured, within the runs' noise; shown as at least 0.%n", difference.lambdaGbSeconds());
        System.out.printf("The route agrees: GET /api/v1/appservers/%s/cost answered $%.6f for the launch's own execution.%n",
                server[0], launchCost.at("/dollars/total").asDouble());
        System.out.printf("Idle month goal: under $1: %s ($%.4f).%n", PRICES.cost(idleMonth).total() < 1 ? "met" : "NOT met",
                PRICES.cost(idleMonth).total());
    }

    /** Every scheduled function of the template run once, as its schedule would; the usage of the lot. */
    private Usage schedulesOnce(String fleet) throws Exception {
        Usage sum = Usage.NONE;
        for (FunctionResource function : system.runtime().template().functions().values()) {
            for (ScheduleEvent event : function.scheduleEvents()) {
                double perMonth = runsAMonth(event.expression());
                if (!event.enabled() || perMonth == 0) {
                    continue;
                }
                String input = event.input() == null ? "{}"
                        : system.runtime().intrinsics().resolve(event.input(), function.logicalId() + "." + event.eventName());
                // The least Lambda time of three runs: the work is the same, the JVM's warmth is not.
                Usage once = null;
                for (int run = 0; run < 3; run++) {
                    Usage measured = measure(() -> system.runtime().functions().get(function.logicalId())
                            .invoke(input.getBytes(StandardCharsets.UTF_8), UUID.randomUUID().toString()));
                    once = once == null || measured.lambdaGbSeconds() < once.lambdaGbSeconds() ? measured : once;
                }
                sum = sum.plus(once.times(perMonth));
                if (Boolean.getBoolean("bench.verbose") && !fleet.equals("warm-up")) {
                    print("  " + fleet + ": " + event.eventName() + " x" + (long) perMonth, once.times(perMonth));
                }
            }
        }
        return sum; // already a month's worth
    }

    private static double runsAMonth(String expression) {
        Matcher m = RATE.matcher(expression);
        if (!m.matches()) {
            return 0;
        }
        double minutes = Long.parseLong(m.group(1)) * (m.group(2).startsWith("minute") ? 1 : m.group(2).startsWith("hour") ? 60 : 1440);
        return DAYS_A_MONTH * 1440 / minutes;
    }

    /** The records' difference around {@code action}, once every execution it started has finished. */
    private Usage measure(Callable<?> action) throws Exception {
        quiesce();
        Usage before = recorded();
        action.call();
        quiesce();
        return recorded().minus(before);
    }

    private Usage recorded() {
        long transitions = system.stateMachines().executions().stream()
                .mapToLong(e -> e.history().stream().filter(h -> h.type().endsWith("StateEntered")).count()).sum();
        return system.runtime().usage().total(transitions);
    }

    private void quiesce() throws InterruptedException {
        Usage last = null;
        for (int stable = 0; stable < 3; ) {
            Thread.sleep(200);
            boolean running = system.stateMachines().executions().stream().anyMatch(e -> e.status() == AslExecution.Status.RUNNING);
            Usage now = recorded();
            stable = !running && now.equals(last) ? stable + 1 : 0;
            last = now;
        }
    }

    /** How many times the launch polled (its VM, then its deployment). */
    private long pollRounds(String appServerId) {
        return system.stateMachines().execution("LaunchAppServer", appServerId).orElseThrow().history().stream()
                .filter(h -> h.type().endsWith("StateEntered") && (h.state().equals("CheckVm") || h.state().equals("PollDeploy"))).count();
    }

    private static void print(String what, Usage u) {
        Prices.Cost c = PRICES.cost(u);
        System.out.printf("%-44s %8d %8d %9.2f %9.1f %9.1f %12.6f%n", what, u.stateTransitions(), u.lambdaInvocations(), u.lambdaGbSeconds(),
                u.readUnits(), u.writeUnits(), c.total());
    }

    private void awaitActiveSandbox() throws Exception {
        for (long until = System.nanoTime() + Duration.ofMinutes(2).toNanos(); System.nanoTime() < until; Thread.sleep(300)) {
            JsonNode items = call("GET", "/api/v1/instances?repository=Codertocat/Hello-World&pullRequest=2", null).get("items");
            if (items.size() == 1 && !items.get(0).path("activeAppServerIds").isEmpty()) {
                return;
            }
        }
        throw new IllegalStateException("the sandbox never became active");
    }

    private Object webhook(Path root, String file) throws Exception {
        byte[] body = Files.readAllBytes(root.resolve("events/github").resolve(file));
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/api/v1/webhooks/github"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", "pull_request")
                .header("X-GitHub-Delivery", "cost-" + UUID.randomUUID())
                .header("X-Hub-Signature-256", new WebhookSignature("local-webhook-secret").sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private String etag(String path) throws Exception {
        return http.send(request("GET", path, null, null), HttpResponse.BodyHandlers.ofString()).headers().firstValue("ETag").orElseThrow();
    }

    private JsonNode call(String method, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(request(method, path, body, null), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private Object http(String method, String path, String body, String ifMatch) throws Exception {
        return http.send(request(method, path, body, ifMatch), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private HttpRequest request(String method, String path, String body, String ifMatch) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return b.build();
    }
}
