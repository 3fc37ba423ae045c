package dev.berth.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.dynamo.LocalDynamo;
import dev.berth.core.testing.TestCore;
import dev.berth.local.testing.Repo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import dev.berth.aws.s3.S3StandIn;
import dev.berth.aws.ssm.SsmStandIn;
import dev.berth.core.port.ObjectStorage;
import dev.berth.core.port.SecretStore;
import dev.berth.core.repository.ObjectStorageContract;
import dev.berth.core.repository.SecretStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Issue 19.3: each API function runs from the package template.yaml gives it, alone on its class path
 * as on Lambda: shaded, then shrunk by R8 (functions/api/shrink.pro), so a class the shrinker or the
 * package left out but a path needs shows here as a NoClassDefFoundError or a 500.
 * <ul>
 *   <li>Every function's handler is built through the package's own ApiRoot and answers every sample of its
 *       routes against DynamoDB Local: reads as the admin, writes with a forged token and then as the admin,
 *       with SSM, Lambda and Step Functions standing in their APIs' shapes.</li>
 *   <li>The full package's SSM and S3 adapters keep their ports' contracts against stand-ins.</li>
 * </ul>
 * (Which parts may use the left-out clients at all is ArchitectureTest's rule; SampleEventsTest runs every
 * sample without them.)
 */
class ApiPackagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BYTES = 15_000_000;
    private static final String FORGED_TOKEN = "brt_000000000000_forgedforgedforgedforgedforgedforged00";

    @Test
    void everyApiFunctionAnswersFromItsOwnPackage() throws Exception {
        ApiFunctions functions = ApiFunctions.fromTemplate();
        Map<String, String> packageOf = functions.packageOf();
        Map<String, String> handlerOfRoute = functions.handlerOfRoute();
        Path base = Repo.root().resolve("functions/api/target/berth-api-lambda.jar");
        assertTrue(Files.exists(base), "build the packages first (mvn install: functions/api's package phase)");
        for (String jar : List.of("berth-api-lambda.jar", "berth-api-full-lambda.jar")) {
            Path packaged = base.resolveSibling(jar);
            assertTrue(!Files.getLastModifiedTime(packaged).toInstant().isBefore(Files.getLastModifiedTime(base.resolveSibling("shaded/" + jar)).toInstant()),
                    jar + " is older than its shaded jar: a build ran with -Dberth.shrink.skip=true (./berth local's); build functions/api again");
            assertTrue(Files.size(packaged) <= MAX_BYTES, jar + " is " + Files.size(packaged) + " bytes, over its 15 MB goal");
        }
        assertEquals("functions/api/target/berth-api-lambda.jar", packageOf.get("dev.berth.api.InstancesHandler"));
        assertEquals("functions/api/target/berth-api-lambda.jar", packageOf.get("dev.berth.api.GitHubWebhookHandler"));

        Map<String, String> env = LocalDynamo.environment();
        env.put("BERTH_GITHUB_WEBHOOK_SECRET", "packages-test-secret");
        env.put("BERTH_JOBS_FUNCTION", "berth-jobs"); // built on first use only: the base package has no Lambda client
        Map<String, Packaged> packages = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int answered = 0;
        Map<String, Integer> calls;
        try (AwsStandIn aws = new AwsStandIn()) {
            aws.configure(env, functions.stateMachines());
            for (ObjectNode event : samples()) {
                String route = event.get("routeKey").asText();
                String handler = handlerOfRoute.get(route);
                Packaged packaged = packages.computeIfAbsent(packageOf.get(handler), codeUri -> Packaged.load(Repo.root().resolve(codeUri), env));
                boolean read = route.startsWith("GET ");
                boolean signedOtherwise = route.contains("webhook") || route.contains("bootstrap") || route.contains("statistics");
                // A write goes twice: with a forged token (refused) and as the admin, through the package's own SDK clients.
                for (String token : read ? List.of(TestCore.ADMIN_TOKEN) : List.of(FORGED_TOKEN, TestCore.ADMIN_TOKEN)) {
                    ((ObjectNode) event.with("headers")).put("authorization", "Bearer " + token);
                    JsonNode response;
                    try {
                        response = packaged.call(handler, event);
                    } catch (Throwable e) {
                        failures.add(handler + " from " + packageOf.get(handler) + " on " + route + ": " + e);
                        continue;
                    }
                    int status = response.path("statusCode").asInt();
                    if (status >= 500 || (token.equals(FORGED_TOKEN) && status != 401 && !signedOtherwise)) {
                        failures.add(handler + " from " + packageOf.get(handler) + " on " + route + " answered " + response);
                    }
                }
                answered++;
            }
            calls = aws.calls;
        }
        assertEquals(List.of(), failures);
        assertTrue(calls.keySet().containsAll(List.of("lambda POST", "ssm GetParameter", "ssm PutParameter", "states StartExecution")),
                "the samples went through each client of the packages: " + calls);
        assertEquals(handlerOfRoute.size(), answered, "every route's sample ran");
        assertEquals(2, packages.size(), "the base and the full API packages: " + packages.keySet());
    }

    /**
     * Issue 19.1: reading an instance (and health) builds no ObjectMapper, whose first use costs a cold
     * start about 40 ms: the request path parses and writes with jackson-core alone (JsonTrees), and
     * the mapper is left to the routes that bind records.
     */
    @Test
    void aReadBuildsNoObjectMapper() throws Exception {
        Path base = Repo.root().resolve("functions/api/target/berth-api-lambda.jar");
        Map<String, String> env = LocalDynamo.environment();
        String id;
        try (AwsStandIn aws = new AwsStandIn()) {
            aws.configure(env, ApiFunctions.fromTemplate().stateMachines());
            ObjectNode create = sample("create-instance.json");
            ((ObjectNode) create.with("headers")).put("authorization", "Bearer " + TestCore.ADMIN_TOKEN);
            JsonNode created = Packaged.load(base, env).call("dev.berth.api.InstancesHandler", create); // starts its routing sync
            assertEquals(201, created.path("statusCode").asInt(), created.toString());
            id = JSON.readTree(created.path("body").asText()).path("id").asText();
        }

        List<String> loaded = new java.util.concurrent.CopyOnWriteArrayList<>();
        URLClassLoader recording = new URLClassLoader(new URL[] {base.toUri().toURL()}, ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                loaded.add(name);
                return super.findClass(name);
            }
        };
        Packaged fresh = Packaged.load(recording, env);
        ObjectNode get = sample("get-instance.json");
        ((ObjectNode) get.with("headers")).put("authorization", "Bearer " + TestCore.ADMIN_TOKEN);
        ((ObjectNode) get.with("pathParameters")).put("id", id);
        get.put("rawPath", "/api/v1/instances/" + id);
        JsonNode read = fresh.call("dev.berth.api.InstancesHandler", get);
        assertEquals(200, read.path("statusCode").asInt(), read.toString());
        assertEquals("Demo University", JSON.readTree(read.path("body").asText()).path("name").asText());
        assertEquals(200, fresh.call("dev.berth.api.HealthHandler", sample("health.json")).path("statusCode").asInt());
        assertTrue(loaded.contains("dev.berth.api.InstancesHandler") && loaded.contains("com.fasterxml.jackson.core.JsonFactory"), "recorded: " + loaded.size());
        assertEquals(List.of(), loaded.stream().filter(name -> name.equals("com.fasterxml.jackson.databind.ObjectMapper")
                || name.startsWith("com.fasterxml.jackson.datatype.")).toList(), "a read needs no mapper");
    }

    private static ObjectNode sample(String file) throws java.io.IOException {
        return (ObjectNode) JSON.readTree(Repo.root().resolve("events/api").resolve(file).toFile());
    }

    /** The full package's own SSM adapter, its shrunk SDK inside, keeps the secret store's contract. */
    @Nested
    class PackagedSecretStore extends SecretStoreContract {
        private SsmStandIn ssm;

        @Override
        protected SecretStore store() {
            ssm = new SsmStandIn();
            return (SecretStore) fullPackageAdapter("dev.berth.aws.ssm.SsmSecretStore", "fromEnvironment", Map.of("BERTH_SSM_ENDPOINT", ssm.endpoint()));
        }

        @AfterEach
        void stopStandIn() {
            ssm.close();
        }
    }

    /** And its S3 adapter the object storage's. */
    @Nested
    class PackagedObjectStorage extends ObjectStorageContract {
        private S3StandIn s3;

        @Override
        protected ObjectStorage storage() {
            s3 = new S3StandIn("berth-backups");
            return (ObjectStorage) fullPackageAdapter("dev.berth.aws.s3.S3ObjectStorage", "fromEnvironment",
                    Map.of("BERTH_S3_ENDPOINT", s3.endpoint(), "BERTH_BACKUP_BUCKET", "berth-backups"));
        }

        @AfterEach
        void stopStandIn() {
            s3.close();
        }
    }

    /** An adapter built by a static factory of the full package, which shares only the ports' types with this test. */
    private static Object fullPackageAdapter(String adapter, String factory, Map<String, String> env) {
        Path jar = Repo.root().resolve("functions/api/target/berth-api-full-lambda.jar");
        ClassLoader tests = ApiPackagesTest.class.getClassLoader();
        try {
            URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader()) {
                @Override
                protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                    return name.startsWith("dev.berth.core.port.") ? tests.loadClass(name) : super.loadClass(name, resolve);
                }
            };
            return loader.loadClass(adapter).getMethod(factory, Map.class).invoke(null, env);
        } catch (ReflectiveOperationException | java.io.IOException e) {
            throw new AssertionError("cannot build " + adapter + " from " + jar + ": " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /**
     * SSM, S3, Lambda and Step Functions in their APIs' shapes: no parameter or object exists until written, a
     * write succeeds, an invocation is queued and an execution starts. Each call is counted by service.
     */
    private static final class AwsStandIn implements AutoCloseable {
        final Map<String, Integer> calls = new java.util.concurrent.ConcurrentSkipListMap<>();
        private final com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);

        AwsStandIn() throws java.io.IOException {
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                String method = exchange.getRequestMethod();
                String service = exchange.getRequestURI().getPath().startsWith("/2015-03-31/functions/") ? "lambda"
                        : target == null ? "s3" : target.startsWith("AmazonSSM.") ? "ssm" : "states";
                calls.merge(service + " " + (target == null ? method : target.substring(target.indexOf('.') + 1)), 1, Integer::sum);
                int status;
                String body;
                switch (service) {
                    case "lambda" -> {
                        boolean queued = "Event".equals(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"));
                        status = queued ? 202 : 200;
                        body = queued ? "" : "{\"job\":\"reconcile\",\"skipped\":false,\"examined\":0,\"changed\":0,\"actions\":[],\"problems\":[]}";
                    }
                    case "states" -> { status = 200; body = "{\"executionArn\":\"arn:aws:states:us-east-1:000000000000:execution:berth:packages\",\"startDate\":1.7E9}"; }
                    case "ssm" -> {
                        boolean read = target.contains("Get");
                        status = read ? 400 : 200;
                        body = read ? "{\"__type\":\"ParameterNotFound\"}" : target.endsWith("PutParameter") ? "{\"Version\":1,\"Tier\":\"Standard\"}" : "{}";
                    }
                    default -> {
                        boolean read = method.equals("GET") || method.equals("HEAD");
                        status = read ? 404 : method.equals("DELETE") ? 204 : 200;
                        body = read ? "<Error><Code>NoSuchKey</Code><Message>none</Message></Error>" : "";
                        if (!read) exchange.getResponseHeaders().add("ETag", "\"0\"");
                    }
                }
                exchange.getResponseHeaders().add("Content-Type", service.equals("s3") ? "application/xml" : "application/x-amz-json-1.1");
                byte[] bytes = body.getBytes();
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
        }

        /** Points the clients of a function's environment here; every state machine of the template has an ARN. */
        void configure(Map<String, String> env, Set<String> stateMachines) {
            String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
            for (String client : List.of("BERTH_SSM_ENDPOINT", "BERTH_S3_ENDPOINT", "BERTH_LAMBDA_ENDPOINT", "BERTH_SFN_ENDPOINT")) {
                env.put(client, endpoint);
            }
            env.put("BERTH_STATE_MACHINES", String.join(",", stateMachines.stream()
                    .map(name -> name + "=arn:aws:states:us-east-1:000000000000:stateMachine:" + name).toList()));
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** The API functions of template.yaml: each handler's package, each route's handler, the state machines they start. */
    private record ApiFunctions(Map<String, String> packageOf, Map<String, String> handlerOfRoute, Set<String> stateMachines) {
        @SuppressWarnings("unchecked")
        static ApiFunctions fromTemplate() throws java.io.IOException {
            Map<String, Object> template = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(Repo.template()));
            Map<String, String> packageOf = new TreeMap<>();
            Map<String, String> handlerOfRoute = new TreeMap<>();
            Set<String> stateMachines = new java.util.TreeSet<>();
            ((Map<String, Object>) template.get("Resources")).values().forEach(value -> {
                Map<String, Object> resource = (Map<String, Object>) value;
                Map<String, Object> props = (Map<String, Object>) resource.get("Properties");
                if (!"AWS::Serverless::Function".equals(resource.get("Type")) || !((String) props.get("CodeUri")).startsWith("functions/api/")) {
                    return;
                }
                String handler = ((String) props.get("Handler")).split("::")[0];
                packageOf.put(handler, (String) props.get("CodeUri"));
                Object machines = map(map(props.get("Environment")).get("Variables")).get("BERTH_STATE_MACHINES");
                if (machines instanceof Map<?, ?> sub) {
                    for (String entry : ((String) sub.get("Fn::Sub")).split(",")) {
                        String name = entry.split("=")[0];
                        stateMachines.add(name);
                    }
                }
                ((Map<String, Object>) props.getOrDefault("Events", Map.of())).values().forEach(e -> {
                    Map<String, Object> p = (Map<String, Object>) ((Map<String, Object>) e).get("Properties");
                    if ("HttpApi".equals(((Map<String, Object>) e).get("Type"))) {
                        handlerOfRoute.put(p.get("Method") + " " + p.get("Path"), handler);
                    }
                });
            });
            return new ApiFunctions(packageOf, handlerOfRoute, stateMachines);
        }
    }

    private static List<ObjectNode> samples() throws Exception {
        try (Stream<Path> files = Files.list(Repo.root().resolve("events/api"))) {
            List<ObjectNode> samples = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                samples.add((ObjectNode) JSON.readTree(file.toFile()));
            }
            return samples;
        }
    }

    /** One package on a class loader of its own (the JDK's classes only besides it), with its root built from the environment. */
    private record Packaged(ClassLoader loader, Object root, Map<String, Function<Object, Object>> handlers) {
        @SuppressWarnings("unchecked")
        static Packaged load(Path jar, Map<String, String> env) {
            try {
                return load(new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader()), env);
            } catch (java.net.MalformedURLException e) {
                throw new AssertionError(e);
            }
        }

        static Packaged load(ClassLoader loader, Map<String, String> env) {
            try {
                Class<?> rootClass = loader.loadClass("dev.berth.api.ApiRoot");
                Object root = rootClass.getMethod("fromEnvironment", Map.class).invoke(null, env);
                return new Packaged(loader, root, (Map<String, Function<Object, Object>>) rootClass.getField("HANDLERS").get(null));
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("cannot load the package's ApiRoot: " + e, e);
            }
        }

        JsonNode call(String handlerClass, ObjectNode event) throws Exception {
            Object handler = handlers.get(handlerClass).apply(root);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Class<?> context = loader.loadClass("com.amazonaws.services.lambda.runtime.Context");
            try {
                handler.getClass().getMethod("handleRequest", InputStream.class, OutputStream.class, context)
                        .invoke(handler, new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out, null);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause() instanceof Exception x ? x : new RuntimeException(e.getCause());
            }
            return JSON.readTree(out.toByteArray());
        }
    }
}
