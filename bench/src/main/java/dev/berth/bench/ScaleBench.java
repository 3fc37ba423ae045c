package dev.berth.bench;

import dev.berth.api.ApiRoot;
import dev.berth.api.AppServersHandler;
import dev.berth.api.InstancesHandler;
import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.aws.dynamo.BenchSeeder;
import dev.berth.aws.dynamo.LocalDynamo;
import dev.berth.core.auth.Principal;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceSettings;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.domain.WatchedRepository;
import dev.berth.core.json.Json;
import dev.berth.core.sandbox.PullRequestSandboxes;
import dev.berth.core.testing.TestCore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Issue 19.4's figures: the API's read paths at 1k, 10k and 100k instances (and a 1M-line log),
 * seeded with batch writes into DynamoDB Local, each route called through its handler as Lambda
 * calls it: p50 and p99 of the list's first page, a page deep in, a search, a get, a pull
 * request's sandbox lookup and the log's tail. Prints figures; asserts nothing.
 */
public final class ScaleBench {
    private static final String REPOSITORY = "bench/sandboxes";
    private static final Random RANDOM = new Random(19);

    public static void main(String[] args) {
        int status = 0;
        try {
            run();
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        Runtime.getRuntime().halt(status); // DynamoDB Local's threads would keep the JVM alive
    }

    private record Route(String name, IntFunction<ApiRequest> request, ApiHandler handler) {
    }

    private static void run() throws Exception {
        List<Integer> sizes = Arrays.stream(System.getProperty("bench.sizes", "1000,10000,100000").split(",")).map(Integer::parseInt).toList();
        int calls = Integer.parseInt(System.getProperty("bench.calls", "300"));
        int logLines = Integer.parseInt(System.getProperty("bench.logLines", "1000000"));
        Map<String, String> env = LocalDynamo.environment();
        DynamoDbClient dynamo = HttpClients.dynamo("url-connection", env.get("BERTH_DYNAMODB_ENDPOINT"));
        ApiRoot root = HttpClients.apiRoot(env, dynamo);
        Principal bench = Principal.system("bench");
        WatchedRepository watched = root.core().watchedRepositories().create(bench, new WatchedRepository(null, REPOSITORY,
                "sandboxes.bench.example", "", List.of(), null, null, null, null, Set.of("OWNER"), null, 100, 7, true, null, null, 0));
        BenchSeeder seeder = new BenchSeeder(dynamo, env.get("BERTH_TABLE"));

        // One app server with a long log: the tail is what a console following it reads.
        dev.berth.core.BerthCore seed = TestCore.create(LocalDynamo.repositories(env.get("BERTH_TABLE")),
                new dev.berth.core.testing.RecordingWorkflows()); // the launch's execution is not what is measured
        Instance logged = seed.instances().create(bench, TestCore.settings("Aaa logged", "aaa-logged"));
        AppServer server = seed.appServers().launch(bench, logged.id());
        long t0 = System.nanoTime();
        List<String> chunk = new ArrayList<>();
        for (int i = 1; i <= logLines; i++) {
            chunk.add("line " + i + " of the deployment: TASK [openedx : run migrations] ok: [localhost]");
            if (chunk.size() == 1000 || i == logLines) {
                root.core().repositories().logs().append(server.id(), i - chunk.size() + 1, chunk, Instant.now());
                chunk.clear();
            }
        }
        System.out.printf("seeded a %,d-line log in %.1f s%n", logLines, (System.nanoTime() - t0) / 1e9);

        InstancesHandler instances = new InstancesHandler(root);
        AppServersHandler appServers = new AppServersHandler(root);
        Map<String, String> auth = Map.of("authorization", "Bearer " + TestCore.ADMIN_TOKEN);
        List<String> ids = new ArrayList<>();
        Map<Integer, Map<String, long[]>> results = new LinkedHashMap<>();
        int seeded = 0;
        for (int size : sizes) {
            long s0 = System.nanoTime();
            for (; seeded < size; seeded++) {
                Instance instance = instance(seeded, watched);
                seeder.instance(instance);
                ids.add(instance.id());
            }
            seeder.flush();
            System.out.printf("%n%,d instances (seeded in %.1f s); %d calls per route after 30 to warm up%n", size, (System.nanoTime() - s0) / 1e9,
                    calls);
            String deepCursor = deepCursor(instances, auth, 10);
            int sandboxes = size / 10;
            List<Route> routes = List.of(
                    new Route("list, first page", i -> get("GET /api/v1/instances", "/api/v1/instances", Map.of("limit", "50"), Map.of(), auth),
                            instances),
                    new Route("list, page 11", i -> get("GET /api/v1/instances", "/api/v1/instances", Map.of("limit", "50", "cursor", deepCursor),
                            Map.of(), auth), instances),
                    new Route("search, a prefix with matches", i -> get("GET /api/v1/instances", "/api/v1/instances",
                            Map.of("q", "bench 000" + RANDOM.nextInt(10), "limit", "50"), Map.of(), auth), instances),
                    new Route("search, a prefix matching none", i -> get("GET /api/v1/instances", "/api/v1/instances",
                            Map.of("q", "nothing " + RANDOM.nextInt(100), "limit", "50"), Map.of(), auth), instances),
                    new Route("get", i -> {
                        String id = ids.get(RANDOM.nextInt(ids.size()));
                        return get("GET /api/v1/instances/{id}", "/api/v1/instances/" + id, Map.of(), Map.of("id", id), auth);
                    }, instances),
                    new Route("sandbox by repository + PR", i -> get("GET /api/v1/instances", "/api/v1/instances",
                            Map.of("repository", REPOSITORY, "pullRequest", String.valueOf(1 + 10 * RANDOM.nextInt(sandboxes))), Map.of(), auth),
                            instances),
                    new Route("log tail (last 1,000 lines)", i -> get("GET /api/v1/appservers/{id}/logs", "/api/v1/appservers/" + server.id()
                            + "/logs", Map.of("after", String.valueOf(logLines - 1000)), Map.of("id", server.id()), auth), appServers));
            Map<String, long[]> times = new LinkedHashMap<>();
            for (Route route : routes) {
                for (int i = 0; i < 30; i++) {
                    call(route, i);
                }
                long[] nanos = new long[calls];
                for (int i = 0; i < calls; i++) {
                    long start = System.nanoTime();
                    call(route, i);
                    nanos[i] = System.nanoTime() - start;
                }
                Arrays.sort(nanos);
                times.put(route.name(), nanos);
                System.out.printf("  %-30s p50 %7.2f ms   p99 %7.2f ms%n", route.name(), nanos[calls / 2] / 1e6, nanos[calls * 99 / 100] / 1e6);
            }
            results.put(size, times);
        }
        int smallest = sizes.get(0);
        int largest = sizes.get(sizes.size() - 1);
        System.out.printf("%np99 at %,d against p99 at %,d (goal: at most 1.5x)%n", largest, smallest);
        for (String route : results.get(smallest).keySet()) {
            long[] small = results.get(smallest).get(route);
            long[] large = results.get(largest).get(route);
            System.out.printf("  %-30s %5.2fx%n", route, (double) large[calls * 99 / 100] / small[calls * 99 / 100]);
        }
    }

    private static Instance instance(int n, WatchedRepository watched) {
        Instant now = Instant.now();
        if (n % 10 == 1) { // every tenth a pull request's sandbox, where the lookup finds it
            int number = n;
            String domain = PullRequestSandboxes.domain(watched, REPOSITORY, number);
            InstanceSettings base = TestCore.settings(REPOSITORY + "#" + number, domain.substring(0, domain.indexOf('.')));
            InstanceSettings settings = new InstanceSettings(base.name(), base.subDomain(), watched.baseDomain(), base.domainPrefixes(),
                    base.openedxRelease(), base.tutorVersion(), base.plugins(), base.edxPlatformRepo(), base.edxPlatformRef(), base.dockerImage(),
                    base.theme(), base.extraSettings(), true, null, false);
            return new Instance("in-bench-" + n, settings, InstanceStatus.ACTIVE, List.of(), new Instance.PullRequestSource(REPOSITORY, number,
                    "a".repeat(40), null), now, now, 1);
        }
        return new Instance("in-bench-" + n, TestCore.settings(String.format("Bench %06d", n), "bench-" + n), InstanceStatus.ACTIVE, List.of(),
                null, now, now, 1);
    }

    private static String deepCursor(InstancesHandler handler, Map<String, String> auth, int pages) throws Exception {
        String cursor = null;
        for (int page = 0; page < pages; page++) {
            Map<String, String> query = cursor == null ? Map.of("limit", "50") : Map.of("limit", "50", "cursor", cursor);
            ApiResponse response = handler.handle(get("GET /api/v1/instances", "/api/v1/instances", query, Map.of(), auth));
            cursor = Json.MAPPER.readTree(response.toEvent().get("body").asText()).path("nextCursor").asText(null);
        }
        return cursor;
    }

    private static ApiRequest get(String routeKey, String path, Map<String, String> query, Map<String, String> pathParameters,
                                  Map<String, String> headers) {
        return new ApiRequest(routeKey, "GET", path, headers, query, pathParameters, new byte[0], "bench");
    }

    private static void call(Route route, int i) {
        ApiResponse response = route.handler().handle(route.request().apply(i));
        dev.berth.core.json.JsonTrees.text(response.toEvent()); // rendered, as Lambda would
        if (response.status() != 200) {
            throw new IllegalStateException(route.name() + " answered " + response.status() + ": " + response.toEvent());
        }
    }
}
