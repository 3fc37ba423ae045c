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
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Issue 19.3: each API function runs from the package template.yaml gives it, alone on its class path
 * as on Lambda. Every function's handler is built through the package's own ApiRoot and answers every
 * sample of its routes against DynamoDB Local: reads as the admin, writes with a forged token. A class
 * the package left out but the path needs shows as a NoClassDefFoundError here. (Which parts may use
 * the left-out clients at all is ArchitectureTest's rule; SampleEventsTest runs every sample without them.)
 */
class ApiPackagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BYTES = 15_000_000;

    @Test
    @SuppressWarnings("unchecked")
    void everyApiFunctionAnswersFromItsOwnPackage() throws Exception {
        Map<String, Object> template = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(Repo.template()));
        Map<String, String> packageOf = new TreeMap<>();
        Map<String, String> handlerOfRoute = new TreeMap<>();
        ((Map<String, Object>) template.get("Resources")).values().forEach(value -> {
            Map<String, Object> resource = (Map<String, Object>) value;
            Map<String, Object> props = (Map<String, Object>) resource.get("Properties");
            if (!"AWS::Serverless::Function".equals(resource.get("Type")) || !((String) props.get("CodeUri")).startsWith("functions/api/")) {
                return;
            }
            String handler = ((String) props.get("Handler")).split("::")[0];
            packageOf.put(handler, (String) props.get("CodeUri"));
            ((Map<String, Object>) props.getOrDefault("Events", Map.of())).values().forEach(e -> {
                Map<String, Object> p = (Map<String, Object>) ((Map<String, Object>) e).get("Properties");
                if ("HttpApi".equals(((Map<String, Object>) e).get("Type"))) {
                    handlerOfRoute.put(p.get("Method") + " " + p.get("Path"), handler);
                }
            });
        });
        Path base = Repo.root().resolve("functions/api/target/berth-api-lambda.jar");
        assertTrue(Files.exists(base), "build the packages first (mvn install: functions/api's package phase)");
        assertTrue(Files.size(base) <= MAX_BYTES, "the base API package is " + Files.size(base) + " bytes, over its 15 MB goal");
        assertEquals("functions/api/target/berth-api-lambda.jar", packageOf.get("dev.berth.api.InstancesHandler"));
        assertEquals("functions/api/target/berth-api-lambda.jar", packageOf.get("dev.berth.api.GitHubWebhookHandler"));

        Map<String, String> env = LocalDynamo.environment();
        env.put("BERTH_GITHUB_WEBHOOK_SECRET", "packages-test-secret");
        env.put("BERTH_JOBS_FUNCTION", "berth-jobs"); // built on first use only: the base package has no Lambda client
        // SSM, S3 and Lambda in their APIs' shapes: no parameter exists, no object either, and an invocation is queued.
        com.sun.net.httpserver.HttpServer aws = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        aws.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean invoke = exchange.getRequestURI().getPath().startsWith("/2015-03-31/functions/");
            boolean ssm = exchange.getRequestHeaders().getFirst("X-Amz-Target") != null;
            byte[] body = invoke ? new byte[0] : ssm ? "{\"__type\":\"ParameterNotFound\"}".getBytes()
                    : "<Error><Code>NoSuchKey</Code><Message>none</Message></Error>".getBytes();
            exchange.getResponseHeaders().add("Content-Type", ssm ? "application/x-amz-json-1.1" : "application/xml");
            exchange.sendResponseHeaders(invoke ? 202 : ssm ? 400 : 404, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        aws.start();
        String stub = "http://127.0.0.1:" + aws.getAddress().getPort();
        env.put("BERTH_SSM_ENDPOINT", stub);
        env.put("BERTH_S3_ENDPOINT", stub);
        env.put("BERTH_LAMBDA_ENDPOINT", stub);
        Map<String, Packaged> packages = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int answered = 0;
        for (ObjectNode event : samples()) {
            String handler = handlerOfRoute.get(event.get("routeKey").asText());
            Packaged packaged = packages.computeIfAbsent(packageOf.get(handler), codeUri -> Packaged.load(Repo.root().resolve(codeUri), env));
            boolean read = event.get("routeKey").asText().startsWith("GET ");
            ((ObjectNode) event.with("headers")).put("authorization", "Bearer " + (read ? TestCore.ADMIN_TOKEN
                    : "brt_000000000000_forgedforgedforgedforgedforgedforged00"));
            JsonNode response;
            try {
                response = packaged.call(handler, event);
            } catch (Throwable e) {
                failures.add(handler + " from " + packageOf.get(handler) + " on " + event.get("routeKey").asText() + ": " + e);
                continue;
            }
            int status = response.path("statusCode").asInt();
            if (status >= 500 || (!read && status != 401 && !event.get("routeKey").asText().contains("webhook")
                    && !event.get("routeKey").asText().contains("bootstrap") && !event.get("routeKey").asText().contains("statistics"))) {
                failures.add(handler + " from " + packageOf.get(handler) + " on " + event.get("routeKey").asText() + " answered " + response);
            }
            answered++;
        }
        aws.stop(0);
        assertEquals(List.of(), failures);
        assertEquals(handlerOfRoute.size(), answered, "every route's sample ran");
        assertEquals(2, packages.size(), "the base and the full API packages: " + packages.keySet());
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
