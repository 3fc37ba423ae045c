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
    @SuppressWarnings("unchecked")
    void everyApiFunctionAnswersFromItsOwnPackage() throws Exception {
        Map<String, Object> template = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(Repo.template()));
        Map<String, String> packageOf = new TreeMap<>();
        Map<String, String> handlerOfRoute = new TreeMap<>();
        Map<String, String> stateMachines = new TreeMap<>();
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
                    stateMachines.put(name, "arn:aws:states:us-east-1:000000000000:stateMachine:" + name);
                }
            }
            ((Map<String, Object>) props.getOrDefault("Events", Map.of())).values().forEach(e -> {
                Map<String, Object> p = (Map<String, Object>) ((Map<String, Object>) e).get("Properties");
                if ("HttpApi".equals(((Map<String, Object>) e).get("Type"))) {
                    handlerOfRoute.put(p.get("Method") + " " + p.get("Path"), handler);
                }
            });
        });
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
        // SSM, S3, Lambda and Step Functions in their APIs' shapes: no parameter or object exists until written, a
        // write succeeds, an invocation is queued and an execution starts. Each call is counted by service.
        Map<String, Integer> calls = new java.util.concurrent.ConcurrentSkipListMap<>();
        com.sun.net.httpserver.HttpServer aws = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        aws.createContext("/", exchange -> {
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
        aws.start();
        String stub = "http://127.0.0.1:" + aws.getAddress().getPort();
        env.put("BERTH_SSM_ENDPOINT", stub);
        env.put("BERTH_S3_ENDPOINT", stub);
        env.put("BERTH_LAMBDA_ENDPOINT", stub);
        env.put("BERTH_SFN_ENDPOINT", stub);
        env.put("BERTH_STATE_MACHINES", String.join(",", stateMachines.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        Map<String, Packaged> packages = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int answered = 0;
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
        aws.stop(0);
        assertEquals(List.of(), failures);
        assertTrue(calls.keySet().containsAll(List.of("lambda POST", "ssm GetParameter", "ssm PutParameter", "states StartExecution")),
                "the samples went through each client of the packages: " + calls);
        assertEquals(handlerOfRoute.size(), answered, "every route's sample ran");
        assertEquals(2, packages.size(), "the base and the full API packages: " + packages.keySet());
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
                URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
                Class<?> rootClass = loader.loadClass("dev.berth.api.ApiRoot");
                Object root = rootClass.getMethod("fromEnvironment", Map.class).invoke(null, env);
                return new Packaged(loader, root, (Map<String, Function<Object, Object>>) rootClass.getField("HANDLERS").get(null));
            } catch (ReflectiveOperationException | java.io.IOException e) {
                throw new AssertionError("cannot load " + jar + ": " + e, e);
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
