package dev.berth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.dynamo.LocalDynamo;
import dev.berth.core.testing.TestCore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Every route in template.yaml has a sample event in events/api, and each sample works against its handler. */
class SampleEventsTest {
    private static final Path ROOT = LocalDynamo.repositoryRoot();

    @SuppressWarnings("unchecked")
    static Map<String, String> templateRoutes() throws IOException {
        Map<String, Object> template = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(ROOT.resolve("template.yaml")));
        Map<String, String> routes = new HashMap<>();
        ((Map<String, Object>) template.get("Resources")).forEach((name, value) -> {
            Map<String, Object> resource = (Map<String, Object>) value;
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                return;
            }
            Map<String, Object> props = (Map<String, Object>) resource.get("Properties");
            String handler = ((String) props.get("Handler")).split("::")[0];
            ((Map<String, Object>) props.getOrDefault("Events", Map.of())).values().forEach(e -> {
                Map<String, Object> event = (Map<String, Object>) e;
                if ("HttpApi".equals(event.get("Type"))) {
                    Map<String, Object> p = (Map<String, Object>) event.get("Properties");
                    routes.put(p.get("Method") + " " + p.get("Path"), handler);
                }
            });
        });
        return routes;
    }

    /** The package (template.yaml's CodeUri) of each handler class. */
    @SuppressWarnings("unchecked")
    static Map<String, String> templatePackages() throws IOException {
        Map<String, Object> template = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(ROOT.resolve("template.yaml")));
        Map<String, String> packages = new HashMap<>();
        ((Map<String, Object>) template.get("Resources")).values().forEach(value -> {
            Map<String, Object> resource = (Map<String, Object>) value;
            if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
                Map<String, Object> props = (Map<String, Object>) resource.get("Properties");
                packages.put(((String) props.get("Handler")).split("::")[0], (String) props.get("CodeUri"));
            }
        });
        return packages;
    }

    static List<ObjectNode> samples() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("events/api"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().map(f -> {
                try {
                    return (ObjectNode) LambdaClient.JSON.readTree(f.toFile());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    @Test
    void everyRouteHasASampleEventAndEverySampleARoute() throws IOException {
        Map<String, String> routes = templateRoutes();
        TreeSet<String> sampled = new TreeSet<>();
        for (ObjectNode event : samples()) {
            String routeKey = event.get("routeKey").asText();
            assertTrue(routes.containsKey(routeKey), "sample for unknown route " + routeKey);
            assertEquals(routeKey, event.at("/requestContext/routeKey").asText());
            sampled.add(routeKey);
        }
        assertEquals(new TreeSet<>(routes.keySet()), sampled);
    }

    @Test
    void samplesAnswerFromTheirHandlers() throws Exception {
        ApiRoot root = TestApi.inMemory();
        // A function of the base package runs without the clients it leaves out: any use is recorded here.
        List<String> absentUsed = new java.util.ArrayList<>();
        ApiRoot base = TestApi.basePackage(root, absentUsed);
        LambdaClient api = new LambdaClient(root);
        Map<String, String> routes = templateRoutes();
        Map<String, String> packages = templatePackages();
        // Real ids for the sample's placeholders.
        String instanceId = api.createInstance("Sample", "sample").body().get("id").asText();
        String tokenId = api.post("/api/v1/tokens", "{\"name\":\"sample\",\"role\":\"viewer\"}").body().get("id").asText();
        String[] watchedId = {null};
        String[] dataServerId = {null};
        String[] nodeId = {null};
        Map<String, String> created = new java.util.HashMap<>();
        Map<String, Integer> expected = Map.ofEntries(
                Map.entry("health", 200), Map.entry("create-instance", 201), Map.entry("list-instances", 200),
                Map.entry("get-instance", 200), Map.entry("patch-instance", 200), Map.entry("delete-instance", 200),
                Map.entry("list-appservers", 200), Map.entry("get-appserver", 404), Map.entry("get-appserver-logs", 404),
                Map.entry("create-token", 201), Map.entry("list-tokens", 200), Map.entry("revoke-token", 204),
                Map.entry("list-audit", 200), Map.entry("launch-appserver", 202), Map.entry("get-appserver-execution", 404),
                Map.entry("get-appserver-cost", 404),
                Map.entry("activate-appserver", 404), Map.entry("deactivate-appserver", 404), Map.entry("terminate-appserver", 404),
                Map.entry("create-watched-repository", 201), Map.entry("list-watched-repositories", 200),
                Map.entry("get-watched-repository", 200), Map.entry("patch-watched-repository", 200),
                Map.entry("delete-watched-repository", 204), Map.entry("github-webhook", 202), Map.entry("run-job", 200),
                Map.entry("create-data-server", 201), Map.entry("list-data-servers", 200), Map.entry("get-data-server", 200),
                Map.entry("patch-data-server", 200), Map.entry("delete-data-server", 204), Map.entry("get-instance-data", 200),
                // A new instance has not launched: no data set to rotate, back up or restore yet.
                Map.entry("rotate-credentials", 409), Map.entry("create-backup", 409), Map.entry("list-backups", 200),
                Map.entry("get-backup", 404), Map.entry("delete-backup", 404), Map.entry("restore-backup", 409),
                // No bootstrap secret in the test's secret store.
                Map.entry("bootstrap-admin-token", 401),
                Map.entry("create-node", 202), Map.entry("list-nodes", 200), Map.entry("get-node", 200), Map.entry("destroy-node", 202),
                Map.entry("create-service", 201), Map.entry("list-services", 200), Map.entry("get-service", 200), Map.entry("patch-service", 200),
                Map.entry("delete-service", 204), Map.entry("put-service-secret", 204), Map.entry("delete-service-secret", 204),
                // The sample's node is still booting (no VM in this test): nothing can run yet.
                Map.entry("launch-colour", 422), Map.entry("redeploy-colour", 409), Map.entry("terminate-colour", 409),
                Map.entry("get-colour-logs", 200), Map.entry("download-colour-log", 200), Map.entry("build-service", 409),
                Map.entry("promote-service", 409),
                // The sample's service runs a container image, not PostgreSQL: no database to dump or restore.
                Map.entry("dump-service-database", 409), Map.entry("restore-service-database", 409),
                Map.entry("list-service-database-backups", 200), Map.entry("get-service-database-backup", 404),
                Map.entry("create-code", 201), Map.entry("list-code", 200), Map.entry("get-code", 200), Map.entry("patch-code", 200),
                // Still current when deleted: a current item stays until another version is made current.
                Map.entry("delete-code", 409),
                // The sample's core is current, but no install profile is: a site needs both.
                Map.entry("create-site", 409), Map.entry("claim-site", 409), Map.entry("list-sites", 200), Map.entry("get-site", 404),
                Map.entry("move-site", 404), Map.entry("change-site-code", 404), Map.entry("delete-site", 404),
                Map.entry("create-route", 201), Map.entry("list-routes", 200), Map.entry("get-route", 200), Map.entry("patch-route", 200),
                Map.entry("delete-route", 204), Map.entry("create-command", 201), Map.entry("list-commands", 200), Map.entry("get-command", 200),
                Map.entry("delete-command", 204), Map.entry("execute-command", 202), Map.entry("list-executions", 200),
                Map.entry("get-execution", 404), Map.entry("put-statistics", 401), Map.entry("get-statistics", 404),
                Map.entry("list-instance-secrets", 200), Map.entry("put-instance-secret", 204), Map.entry("delete-instance-secret", 204),
                Map.entry("list-repository-secrets", 200), Map.entry("put-repository-secret", 204), Map.entry("delete-repository-secret", 204),
                // Nothing went down in this test: no incident to show.
                Map.entry("list-incidents", 200), Map.entry("get-incident", 404),
                // Made by the activity-report job: the first request starts it.
                Map.entry("get-activity-report", 202),
                Map.entry("create-campaign", 202), Map.entry("list-campaigns", 200), Map.entry("get-campaign", 200),
                Map.entry("cancel-campaign", 200),
                Map.entry("create-profile", 201), Map.entry("list-profiles", 200), Map.entry("get-profile", 200), Map.entry("patch-profile", 200),
                Map.entry("delete-profile", 204),
                // The sample's site does not exist in this test.
                Map.entry("create-site-backup", 404), Map.entry("list-site-backups", 404), Map.entry("get-site-backup", 404),
                Map.entry("delete-site-backup", 404), Map.entry("restore-site-backup", 404));
        int version = 1;
        try (Stream<Path> files = Files.list(ROOT.resolve("events/api"))) {
            for (Path file : files.sorted(java.util.Comparator.comparing(SampleEventsTest::order)).toList()) {
                String name = file.getFileName().toString().replace(".json", "");
                String handlerClass = routes.get(LambdaClient.JSON.readTree(file.toFile()).get("routeKey").asText());
                if (!ApiRoot.HANDLERS.containsKey(handlerClass)) {
                    continue; // handlers of other modules replay their samples in their own tests
                }
                String text = Files.readString(file)
                        .replace("brt_0123456789ab_replacewithyourtokensecret0123456789ab", TestCore.ADMIN_TOKEN)
                        .replace("in-01jdemo0000000000000000000", instanceId)
                        .replace("0123456789ab\"", tokenId + "\"")
                        .replace("/api/v1/tokens/0123456789ab", "/api/v1/tokens/" + tokenId)
                        .replace("wr-01jdemo0000000000000000000", String.valueOf(watchedId[0]))
                        .replace("ds-01jdemo0000000000000000000", String.valueOf(dataServerId[0]))
                        .replace("nd-01jdemo0000000000000000000", String.valueOf(nodeId[0]))
                        .replace("code-01jdemo0000000000000000000", String.valueOf(created.get("create-code")))
                        .replace("rt-01jdemo0000000000000000000", String.valueOf(created.get("create-route")))
                        .replace("cmd-01jdemo0000000000000000000", String.valueOf(created.get("create-command")))
                        .replace("cmp-01jdemo0000000000000000000", String.valueOf(created.get("create-campaign")));
                ObjectNode event = (ObjectNode) LambdaClient.JSON.readTree(text);
                if (event.at("/headers/if-match").isTextual() && !event.at("/headers/if-match").asText().equals("*")) {
                    int expectedVersion = name.equals("revoke-token") || name.equals("patch-watched-repository")
                            || name.equals("patch-data-server") || name.equals("patch-profile") ? 1
                            : name.equals("delete-watched-repository") || name.equals("delete-data-server") || name.equals("delete-profile") ? 2 : version;
                    ((ObjectNode) event.get("headers")).put("if-match", "\"v" + expectedVersion + "\"");
                }
                String codeUri = packages.get(handlerClass);
                var handler = handlers.computeIfAbsent(handlerClass,
                        className -> ApiRoot.HANDLERS.get(className).apply(codeUri.endsWith(TestApi.BASE_PACKAGE) ? base : root));
                var out = new java.io.ByteArrayOutputStream();
                handler.handleRequest(new java.io.ByteArrayInputStream(LambdaClient.JSON.writeValueAsBytes(event)), out, null);
                var response = LambdaClient.JSON.readTree(out.toByteArray());
                assertEquals(List.of(), absentUsed, name + " needs what its function's package (" + codeUri + ") leaves out");
                assertEquals(expected.get(name), response.get("statusCode").asInt(), name + ": " + response);
                if (name.equals("patch-instance")) {
                    version++;
                }
                if (name.startsWith("create-") && response.get("statusCode").asInt() / 100 == 2) {
                    created.put(name, LambdaClient.JSON.readTree(response.get("body").asText()).path("id").asText());
                }
                if (name.equals("create-node")) {
                    nodeId[0] = LambdaClient.JSON.readTree(response.get("body").asText()).get("id").asText();
                }
                if (name.equals("create-data-server")) {
                    dataServerId[0] = LambdaClient.JSON.readTree(response.get("body").asText()).get("id").asText();
                }
                if (name.equals("create-watched-repository")) {
                    watchedId[0] = LambdaClient.JSON.readTree(response.get("body").asText()).get("id").asText();
                }
            }
        }
    }

    private final Map<String, com.amazonaws.services.lambda.runtime.RequestStreamHandler> handlers = new java.util.HashMap<>();

    /** Creates before changes, changes before deletes. */
    private static int order(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith("create") ? 0 : name.startsWith("patch") || name.equals("delete-service-secret.json")
                || name.equals("delete-instance-secret.json") || name.equals("delete-repository-secret.json") ? 2
                : name.startsWith("delete") || name.startsWith("revoke") || name.startsWith("terminate") ? 3 : 1;
    }
}
