package dev.berth.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.InstancesHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.core.BerthCore;
import dev.berth.core.auth.Principal;
import dev.berth.core.config.BerthConfig;
import dev.berth.aws.dynamo.LocalDynamo;
import dev.berth.core.testing.TestCore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 2's figures: (a) cold start of the API handler (fresh JVM to the first answered
 * {@code GET /api/v1/instances/{id}}) against a hello-world JVM started the same way; (b) warm
 * handler latency against a raw SDK GetItem of the same item; each for every SDK HTTP client.
 */
public final class ApiBench {
    public static void main(String[] args) {
        int status = 0;
        try {
            run();
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        // DynamoDB Local's threads would keep the JVM alive.
        Runtime.getRuntime().halt(status);
    }

    private static void run() throws Exception {
        int coldRuns = Integer.parseInt(System.getProperty("bench.coldRuns", "7"));
        int warmCalls = Integer.parseInt(System.getProperty("bench.warmCalls", "3000"));
        List<String> jvmFlags = Arrays.asList(System.getProperty("bench.jvmFlags", "-XX:TieredStopAtLevel=1 -Xshare:auto").split(" "));
        Map<String, String> env = LocalDynamo.environment();
        String endpoint = env.get("BERTH_DYNAMODB_ENDPOINT");
        String table = env.get("BERTH_TABLE");
        BerthCore seed = TestCore.create(LocalDynamo.repositories(table), new dev.berth.core.testing.RecordingWorkflows());
        String instanceId = seed.instances().create(Principal.system("bench"), TestCore.withExtraSettings(TestCore.settings("Bench", "bench"), "LANGUAGE_CODE: en\n")).id();
        System.out.printf("DynamoDB Local at %s, table %s, instance %s; JVM flags %s%n", endpoint, table, instanceId, jvmFlags);

        // The probes do not need DynamoDB Local, whose jar's Class-Path names a directory (AppCDS refuses those).
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> !entry.contains("DynamoDBLocal"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        System.out.println();
        System.out.println("(a) cold start: fresh JVM -> first GET /api/v1/instances/{id} answered (median of " + coldRuns + ")");
        Path cdsDir = Files.createTempDirectory("berth-cds");
        for (String client : HttpClients.NAMES) {
            coldStarts(client, classpath, cdsDir.resolve(client + ".jsa"), javaCommand, jvmFlags, coldRuns,
                    new String[] {client, endpoint, table, instanceId, TestCore.ADMIN_TOKEN});
        }
        // As Lambda runs it: the shaded function jar (plus the probe), its own HTTP client.
        Path lambdaJar = Path.of(System.getProperty("berth.root", ".")).resolve("functions/api/target/berth-api-lambda.jar");
        if (Files.exists(lambdaJar)) {
            String benchJar = Arrays.stream(classpath.split(java.io.File.pathSeparator)).filter(e -> e.contains("berth-bench")).findFirst().orElseThrow();
            coldStarts("lambda jar", benchJar + java.io.File.pathSeparator + lambdaJar, cdsDir.resolve("lambda.jsa"), javaCommand, jvmFlags,
                    coldRuns, new String[] {"lambda-jar", endpoint, table, instanceId, TestCore.ADMIN_TOKEN});
        }

        System.out.println();
        System.out.println("(b) warm: handler GET /api/v1/instances/{id} vs raw GetItem of the same item (" + warmCalls + " calls each)");
        for (String client : HttpClients.NAMES) {
            DynamoDbClient dynamo = HttpClients.dynamo(client, endpoint);
            InstancesHandler handler = new InstancesHandler(HttpClients.apiRoot(env, dynamo));
            ApiRequest request = new ApiRequest("GET /api/v1/instances/{id}", "GET", "/api/v1/instances/" + instanceId,
                    Map.of("authorization", "Bearer " + TestCore.ADMIN_TOKEN), Map.of(), Map.of("id", instanceId), new byte[0], "warm");
            ObjectMapper json = dev.berth.core.json.Json.MAPPER;
            Map<String, AttributeValue> key = Map.of("PK", AttributeValue.fromS("INSTANCE#" + instanceId), "SK", AttributeValue.fromS("INSTANCE"));
            long[] handlerTimes = new long[warmCalls];
            long[] rawTimes = new long[warmCalls];
            for (int i = 0; i < 500; i++) {
                handler.handle(request).toEvent(json).toString();
                dynamo.getItem(g -> g.tableName(table).key(key).consistentRead(true));
            }
            // Interleaved, so both see the same machine load.
            for (int i = 0; i < warmCalls; i++) {
                long t0 = System.nanoTime();
                ApiResponse response = handler.handle(request);
                response.toEvent(json).toString();
                long t1 = System.nanoTime();
                dynamo.getItem(g -> g.tableName(table).key(key).consistentRead(true));
                long t2 = System.nanoTime();
                if (response.status() != 200) {
                    throw new IllegalStateException("handler answered " + response.status());
                }
                handlerTimes[i] = t1 - t0;
                rawTimes[i] = t2 - t1;
            }
            Arrays.sort(handlerTimes);
            Arrays.sort(rawTimes);
            double h50 = pct(handlerTimes, 50), h99 = pct(handlerTimes, 99), r50 = pct(rawTimes, 50), r99 = pct(rawTimes, 99);
            System.out.printf("  %-15s handler p50 %.2f ms p99 %.2f ms | GetItem p50 %.2f ms p99 %.2f ms | ratio p50 %.2fx p99 %.2fx (goal <= 1.3x)%n",
                    client, h50, h99, r50, r99, h50 / r50, h99 / r99);
            dynamo.close();
        }
    }

    /** Median cold starts of the probe against hello world, without and with an AppCDS archive made by a training run. */
    private static void coldStarts(String label, String classpath, Path archive, String javaCommand, List<String> jvmFlags, int runs,
                                   String[] probeArgs) throws Exception {
        List<String> training = new ArrayList<>(jvmFlags);
        training.add("-XX:ArchiveClassesAtExit=" + archive);
        runJvm(javaCommand, training, classpath, ColdStartProbe.class.getName(), probeArgs);
        List<String> withCds = new ArrayList<>(jvmFlags);
        withCds.add("-XX:SharedArchiveFile=" + archive);
        for (List<String> flags : List.of(jvmFlags, withCds)) {
            List<Long> hello = new ArrayList<>();
            List<Long> probe = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                hello.add(runJvm(javaCommand, jvmFlags, classpath, HelloWorld.class.getName()));
                probe.add(runJvm(javaCommand, flags, classpath, ColdStartProbe.class.getName(), probeArgs));
            }
            System.out.printf("  %-15s %-8s handler %5d ms   hello world %4d ms   ratio %.2fx   (goal <= 3x)%n",
                    label, flags == jvmFlags ? "" : "+AppCDS", median(probe), median(hello), (double) median(probe) / median(hello));
        }
    }

    private static long runJvm(String javaCommand, List<String> flags, String classpath, String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(javaCommand);
        command.addAll(flags);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(List.of(args));
        long start = System.nanoTime();
        java.io.File log = java.io.File.createTempFile("berth-bench", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        int exit = process.waitFor();
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (exit != 0) {
            throw new IllegalStateException(mainClass + " exited with " + exit + ":\n" + Files.readString(log.toPath()));
        }
        log.delete();
        return ms;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static double pct(long[] sortedNanos, int percentile) {
        int index = Math.min(sortedNanos.length - 1, (int) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1);
        return sortedNanos[index] / 1e6;
    }
}
