package dev.berth.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.InstancesHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.aws.dynamo.LocalDynamo;
import dev.berth.core.BerthCore;
import dev.berth.core.auth.Principal;
import dev.berth.core.testing.TestCore;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 19.1's figures. (a) Cold start, fresh JVM to done, median of {@code bench.coldRuns}, for:
 * hello world; the floor ({@link FloorProbe}: a bare {@code DynamoDbClient} and one GetItem); and
 * each Lambda package jar ({@code bench.packages}, comma-separated; default every
 * {@code functions/*}{@code /target/*-lambda.jar}). A package holding {@code InstancesHandler} is
 * probed by {@link ColdStartProbe} (first {@code GET /api/v1/instances/{id}} answered); any other
 * by {@link InitProbe} (its first handler in template.yaml built, no request). Each plain and with
 * the best archive of the probes' JDK ({@code bench.java}, default this one): the AOT cache on 25+
 * ({@code -XX:AOTCacheOutput} training run, then {@code -XX:AOTCache}), dynamic AppCDS before
 * ({@code -XX:ArchiveClassesAtExit}, then {@code -XX:SharedArchiveFile}); ratios to hello world
 * and to the floor treated the same way. (b) Warm handler latency against a raw GetItem, per SDK
 * HTTP client, in this JVM ({@code bench.warmCalls=0} skips it).
 */
public final class ApiBench {
    private static final double GOAL = 1.2;

    private record Subject(String name, String probe, String classpath, String mainClass, List<String> args, boolean api) {
    }

    private record Archive(String label, String train, String use, String extension) {
    }

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
        List<String> jvmFlags = Arrays.stream(System.getProperty("bench.jvmFlags", "-XX:TieredStopAtLevel=1").trim().split("\\s+"))
                .filter(flag -> !flag.isEmpty()).toList();
        String javaCommand = System.getProperty("bench.java", ProcessHandle.current().info().command().orElse("java"));
        Path root = Path.of(System.getProperty("berth.root", ".")).toAbsolutePath().normalize();
        Map<String, String> jdk = jdkProperties(javaCommand);
        int feature = Integer.parseInt(jdk.getOrDefault("java.specification.version", "17").replaceFirst("^1\\.", ""));
        Archive archive = feature >= 25
                ? new Archive("+AOT cache", "-XX:AOTCacheOutput=", "-XX:AOTCache=", ".aot")
                : new Archive("+AppCDS", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile=", ".jsa");

        Map<String, String> env = LocalDynamo.environment();
        String endpoint = env.get("BERTH_DYNAMODB_ENDPOINT");
        String table = env.get("BERTH_TABLE");
        BerthCore seed = TestCore.create(LocalDynamo.repositories(table), new dev.berth.core.testing.RecordingWorkflows());
        String instanceId = seed.instances().create(Principal.system("bench"),
                TestCore.withExtraSettings(TestCore.settings("Bench", "bench"), "LANGUAGE_CODE: en\n")).id();
        System.out.printf("JDK %s (%s %s) at %s; JVM flags %s; archive %s; %d cold runs each%n", jdk.get("java.version"),
                jdk.get("java.vm.vendor"), jdk.get("java.vm.name"), javaCommand, jvmFlags, archive.label().substring(1), coldRuns);
        System.out.printf("DynamoDB Local at %s, table %s, instance %s%n", endpoint, table, instanceId);

        // The probes do not need DynamoDB Local, whose jar's Class-Path names a directory (AppCDS refuses those).
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("DynamoDBLocal")).collect(Collectors.joining(File.pathSeparator));
        String benchJar = Arrays.stream(classpath.split(File.pathSeparator)).filter(e -> e.contains("berth-bench")).findFirst().orElseThrow();
        Path work = Files.createTempDirectory("berth-coldstart");

        List<String> floorArgs = List.of(endpoint, table, instanceId);
        List<Subject> subjects = new ArrayList<>();
        subjects.add(new Subject("hello world", "print, exit", benchJar, HelloWorld.class.getName(), List.of(), false));
        List<String> templateHandlers = templateHandlers(root.resolve("template.yaml"));
        List<Path> packages = packages(root);
        Path floorJar = floorJar(packages, javaCommand, jvmFlags, benchJar, floorArgs, env, work);
        subjects.add(new Subject("floor", "bare client + GetItem", benchJar + File.pathSeparator + floorJar, FloorProbe.class.getName(), floorArgs,
                false));
        for (Path jar : packages) {
            String jarClasspath = benchJar + File.pathSeparator + jar;
            String name = String.format("%s (%.0f MB)", jar.getFileName(), Files.size(jar) / 1e6);
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                if (zip.getEntry(InstancesHandler.class.getName().replace('.', '/') + ".class") != null) {
                    subjects.add(new Subject(name, "GET instance", jarClasspath, ColdStartProbe.class.getName(),
                            List.of("lambda-jar", endpoint, table, instanceId, TestCore.ADMIN_TOKEN), true));
                } else {
                    // The first handler (template.yaml's order) whose init succeeds with the bench's environment
                    // (those that build an OpenStack or SSH adapter at init need credentials the bench has not).
                    String handler = null;
                    List<String> refused = new ArrayList<>();
                    for (String candidate : templateHandlers.stream().filter(h -> zip.getEntry(h.replace('.', '/') + ".class") != null).toList()) {
                        try {
                            runJvm(javaCommand, jvmFlags, jarClasspath, InitProbe.class.getName(), List.of(candidate), env);
                            handler = candidate;
                            break;
                        } catch (IllegalStateException e) {
                            refused.add(candidate.substring(candidate.lastIndexOf('.') + 1));
                        }
                    }
                    if (handler == null) {
                        System.out.println("skipped " + jar + ": no handler template.yaml names builds here " + refused);
                        continue;
                    }
                    if (!refused.isEmpty()) {
                        System.out.println(jar.getFileName() + ": init of " + refused + " needs cloud credentials; measuring "
                                + handler.substring(handler.lastIndexOf('.') + 1));
                    }
                    subjects.add(new Subject(name, "init " + handler.substring(handler.lastIndexOf('.') + 1), jarClasspath,
                            InitProbe.class.getName(), List.of(handler), false));
                }
            }
        }

        // One training run each, then the classes each loads (a separate run: logging is not timed).
        Map<Subject, Map<String, String>> classes = new LinkedHashMap<>();
        Map<Subject, Path> archives = new HashMap<>();
        for (Subject subject : new ArrayList<>(subjects)) {
            Path archiveFile = work.resolve(archives.size() + archive.extension());
            archives.put(subject, archiveFile);
            Path log = work.resolve(archives.size() + "-classes.log");
            try {
                runJvm(javaCommand, concat(jvmFlags, archive.train() + archiveFile), subject.classpath(), subject.mainClass(), subject.args(), env);
                runJvm(javaCommand, concat(jvmFlags, "-Xlog:class+load:file=" + log), subject.classpath(), subject.mainClass(), subject.args(), env);
                classes.put(subject, loadedClasses(log));
            } catch (IllegalStateException e) {
                System.out.println("skipped " + subject.name() + ": " + e.getMessage().lines().limit(3).collect(Collectors.joining(" | ")));
                subjects.remove(subject);
            }
        }

        // Interleaved rounds, so every subject sees the same machine load.
        Map<Subject, List<Long>> plain = new LinkedHashMap<>();
        Map<Subject, List<Long>> archived = new LinkedHashMap<>();
        for (int run = 0; run < coldRuns; run++) {
            for (Subject subject : subjects) {
                Path archiveFile = archives.get(subject);
                plain.computeIfAbsent(subject, s -> new ArrayList<>())
                        .add(runJvm(javaCommand, jvmFlags, subject.classpath(), subject.mainClass(), subject.args(), env));
                archived.computeIfAbsent(subject, s -> new ArrayList<>()).add(runJvm(javaCommand, concat(jvmFlags, archive.use() + archiveFile),
                        subject.classpath(), subject.mainClass(), subject.args(), env));
            }
        }

        System.out.println();
        System.out.printf("(a) cold start: fresh JVM -> done, median of %d (ms); ratios against hello world and the floor run the same way%n", coldRuns);
        System.out.printf("  %-36s %-26s %7s | %-27s | %-27s%n", "", "", "", "plain", archive.label());
        System.out.printf("  %-36s %-26s %7s | %6s %9s %9s | %6s %9s %9s%n", "package", "probe", "classes", "ms", "x hello", "x floor", "ms",
                "x hello", "x floor");
        Subject hello = subjects.get(0);
        Subject floor = subjects.get(1);
        for (Subject subject : subjects) {
            long p = median(plain.get(subject));
            long a = median(archived.get(subject));
            System.out.printf("  %-36s %-26s %7d | %6d %8.2fx %8.2fx | %6d %8.2fx %8.2fx%n", subject.name(), subject.probe(), classes.get(subject).size(),
                    p, (double) p / median(plain.get(hello)), (double) p / median(plain.get(floor)),
                    a, (double) a / median(archived.get(hello)), (double) a / median(archived.get(floor)));
        }
        for (Subject subject : subjects) {
            if (subject.api()) {
                double p = (double) median(plain.get(subject)) / median(plain.get(floor));
                double a = (double) median(archived.get(subject)) / median(archived.get(floor));
                System.out.printf("  goal: API handler <= %.1fx the floor. %s: plain %.2fx (%s), %s %.2fx (%s)%n", GOAL, subject.name(), p,
                        p <= GOAL ? "met" : "not met", archive.label(), a, a <= GOAL ? "met" : "not met");
            }
        }

        // What the gap is made of: the classes an API package loads that the floor does not, by package.
        Map<String, Integer> floorClasses = normalized(classes.get(floor));
        for (Subject subject : subjects) {
            if (!subject.api()) {
                continue;
            }
            Map<String, Integer> own = normalized(classes.get(subject));
            Map<String, Integer> byPackage = new TreeMap<>();
            int extra = 0;
            int missing = 0;
            for (Map.Entry<String, Integer> entry : own.entrySet()) {
                int more = entry.getValue() - floorClasses.getOrDefault(entry.getKey(), 0);
                if (more > 0) {
                    extra += more;
                    byPackage.merge(group(entry.getKey()), more, Integer::sum);
                }
            }
            for (Map.Entry<String, Integer> entry : floorClasses.entrySet()) {
                missing += Math.max(0, entry.getValue() - own.getOrDefault(entry.getKey(), 0));
            }
            System.out.printf("  %s loads %d classes the floor does not (the floor loads %d it does not); top packages:%n", subject.name(), extra,
                    missing);
            byPackage.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(15)
                    .forEach(entry -> System.out.printf("      %5d  %s%n", entry.getValue(), entry.getKey()));
        }

        try (Stream<Path> files = Files.walk(work)) { // the archives weigh ~25 MB each
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }

        if (warmCalls > 0) {
            warm(env, endpoint, table, instanceId, warmCalls);
        }
    }

    /** (b): in this JVM, the handler against a raw GetItem of the same item, for each SDK HTTP client. */
    private static void warm(Map<String, String> env, String endpoint, String table, String instanceId, int warmCalls) throws Exception {
        System.out.println();
        System.out.printf("(b) warm, in the bench's JVM (%s): handler GET /api/v1/instances/{id} vs raw GetItem of the same item (%d calls each)%n",
                System.getProperty("java.version"), warmCalls);
        for (String client : HttpClients.NAMES) {
            DynamoDbClient dynamo = HttpClients.dynamo(client, endpoint);
            InstancesHandler handler = new InstancesHandler(HttpClients.apiRoot(env, dynamo));
            ApiRequest request = new ApiRequest("GET /api/v1/instances/{id}", "GET", "/api/v1/instances/" + instanceId,
                    Map.of("authorization", "Bearer " + TestCore.ADMIN_TOKEN), Map.of(), Map.of("id", instanceId), new byte[0], "warm");
            Map<String, AttributeValue> key = Map.of("PK", AttributeValue.fromS("INSTANCE#" + instanceId), "SK", AttributeValue.fromS("INSTANCE"));
            long[] handlerTimes = new long[warmCalls];
            long[] rawTimes = new long[warmCalls];
            for (int i = 0; i < 500; i++) {
                dev.berth.core.json.JsonTrees.text(handler.handle(request).toEvent());
                dynamo.getItem(g -> g.tableName(table).key(key).consistentRead(true));
            }
            // Interleaved, so both see the same machine load.
            for (int i = 0; i < warmCalls; i++) {
                long t0 = System.nanoTime();
                ApiResponse response = handler.handle(request);
                dev.berth.core.json.JsonTrees.text(response.toEvent()); // rendered, as Lambda would
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

    /** {@code bench.packages} (comma-separated, relative to the root), or every shaded {@code functions/*}{@code /target/*-lambda.jar}. */
    private static List<Path> packages(Path root) throws IOException {
        String listed = System.getProperty("bench.packages", "").trim();
        if (!listed.isEmpty()) {
            return Arrays.stream(listed.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(root::resolve).toList();
        }
        try (Stream<Path> modules = Files.list(root.resolve("functions"))) {
            List<Path> jars = new ArrayList<>();
            for (Path target : modules.map(module -> module.resolve("target")).filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(target)) {
                    files.filter(file -> file.getFileName().toString().endsWith("-lambda.jar"))
                            .filter(file -> !file.getFileName().toString().startsWith("original-")) // the shade plugin's input
                            .sorted().forEach(jars::add);
                }
            }
            return jars;
        }
    }

    /** The handler classes template.yaml names, in its order. */
    private static List<String> templateHandlers(Path template) throws IOException {
        Pattern handler = Pattern.compile("^\\s*Handler:\\s*([\\w.$]+)::");
        return Files.readAllLines(template).stream().map(handler::matcher).filter(Matcher::find).map(m -> m.group(1)).distinct().toList();
    }

    /** Class name to source, from an {@code -Xlog:class+load} file. */
    private static Map<String, String> loadedClasses(Path log) throws IOException {
        Map<String, String> classes = new LinkedHashMap<>();
        for (String line : Files.readAllLines(log)) {
            int tags = line.indexOf("[class,load]");
            if (tags < 0) {
                continue;
            }
            String rest = line.substring(tags + "[class,load]".length()).trim();
            int source = rest.indexOf(" source: ");
            if (source < 0) {
                continue;
            }
            String from = rest.substring(source + " source: ".length()).trim();
            if (from.startsWith("jar:")) {
                from = from.substring(4, from.indexOf('!') > 0 ? from.indexOf('!') : from.length());
            }
            classes.put(rest.substring(0, source).trim(), from);
        }
        return classes;
    }

    /** A class's package cut to four names, hidden classes and lambdas with their package. */
    private static String group(String className) {
        String name = className.replaceAll("\\$\\$Lambda.*$", "").replaceAll("/0x.*$", "");
        String[] parts = name.split("\\.");
        int depth = Math.min(parts.length - 1, 4);
        return depth <= 0 ? "(default)" : String.join(".", Arrays.copyOf(parts, depth));
    }

    /** Class names with the run-specific part of lambdas' and hidden classes' names cut, counted. */
    private static Map<String, Integer> normalized(Map<String, String> classes) {
        Map<String, Integer> counts = new HashMap<>();
        for (String name : classes.keySet()) {
            counts.merge(name.replaceAll("\\$\\$Lambda.*$", "\\$\\$Lambda").replaceAll("/0x.*$", ""), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * The floor's package, cut from the API's own shaded jar so that it has the same SDK, HTTP
     * client and logging versions, compressed the same way: every class of the packages that
     * {@link FloorProbe} loads classes from (learnt by one run against the whole jar), every
     * resource, nothing else: no Berth code, no Jackson, no other AWS service.
     */
    private static Path floorJar(List<Path> packages, String javaCommand, List<String> jvmFlags, String benchJar, List<String> floorArgs,
                                 Map<String, String> env, Path work) throws Exception {
        String sdkClient = "software/amazon/awssdk/services/dynamodb/DynamoDbClient.class";
        String apache = "software/amazon/awssdk/http/apache/ApacheHttpClient.class";
        Path source = null;
        boolean api = false;
        for (Path jar : packages) { // the first API package, else the first package that has the client
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                boolean hasApi = zip.getEntry(InstancesHandler.class.getName().replace('.', '/') + ".class") != null;
                if (zip.getEntry(sdkClient) != null && zip.getEntry(apache) != null && (source == null || hasApi && !api)) {
                    source = jar;
                    api = hasApi;
                }
            }
        }
        if (source == null) {
            throw new IllegalStateException("no package jar with DynamoDbClient and the Apache HTTP client among " + packages);
        }
        Path log = work.resolve("floor-discovery.log");
        runJvm(javaCommand, concat(jvmFlags, "-Xlog:class+load:file=" + log), benchJar + File.pathSeparator + source, FloorProbe.class.getName(),
                floorArgs, env);
        String sourceFile = "file:" + source.toAbsolutePath();
        Set<String> needed = new HashSet<>();
        for (Map.Entry<String, String> loaded : loadedClasses(log).entrySet()) {
            String name = loaded.getKey();
            if (loaded.getValue().equals(sourceFile)) {
                needed.add(name.contains(".") ? name.substring(0, name.lastIndexOf('.')).replace('.', '/') : "");
            }
        }
        Path target = work.resolve("floor-" + source.getFileName());
        int kept = 0;
        int classes = 0;
        try (ZipFile zip = new ZipFile(source.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry entry : zip.stream().toList()) {
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (name.endsWith(".class")) {
                    classes++;
                    String path = name.replaceFirst("^META-INF/versions/\\d+/", "");
                    if (!needed.contains(path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "")) {
                        continue;
                    }
                    kept++;
                }
                out.putNextEntry(new ZipEntry(name));
                try (InputStream in = zip.getInputStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        System.out.printf("floor package: %s (%.1f MB), %d of the %d classes of %s (the %d packages the floor loads from) and all its resources%n",
                target.getFileName(), Files.size(target) / 1e6, kept, classes, source.getFileName(), needed.size());
        return target;
    }

    private static Map<String, String> jdkProperties(String javaCommand) throws Exception {
        Process process = new ProcessBuilder(javaCommand, "-XshowSettings:properties", "-version").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        Map<String, String> properties = new HashMap<>();
        for (String line : output.split("\n")) {
            int equals = line.indexOf(" = ");
            if (equals > 0) {
                properties.putIfAbsent(line.substring(0, equals).trim(), line.substring(equals + 3).trim());
            }
        }
        return properties;
    }

    private static List<String> concat(List<String> flags, String flag) {
        List<String> all = new ArrayList<>(flags);
        all.add(flag);
        return all;
    }

    private static long runJvm(String javaCommand, List<String> flags, String classpath, String mainClass, List<String> args, Map<String, String> env)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(javaCommand);
        command.addAll(flags);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        File log = File.createTempFile("berth-bench", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
        builder.environment().putAll(env); // what a Lambda's init reads (InitProbe); the others take arguments
        long start = System.nanoTime();
        Process process = builder.start();
        int exit = process.waitFor();
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (exit != 0) {
            throw new IllegalStateException(mainClass + " exited with " + exit + ": " + Files.readString(log.toPath()));
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
