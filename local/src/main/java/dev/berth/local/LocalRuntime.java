package dev.berth.local;

import dev.berth.local.usage.LocalUsage;
import dev.berth.local.auth.AdminToken;
import dev.berth.local.dynamo.LocalDynamoDb;
import dev.berth.local.dynamo.TableProvisioner;
import dev.berth.local.http.HttpApiServer;
import dev.berth.local.http.RouteTable;
import dev.berth.local.lambda.HandlerCatalog;
import dev.berth.local.lambda.LocalFunctions;
import dev.berth.local.template.FunctionResource;
import dev.berth.local.template.CloudFormationIntrinsics;
import dev.berth.local.template.LocalAws;
import dev.berth.local.template.Template;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole system in one JVM, built from template.yaml: DynamoDB Local with the template's tables,
 * the admin token, every function's handler, and the HTTP API in front of them. It is a list of
 * {@link Component}s started in order and stopped in reverse; more components (state machines,
 * schedules, proxies) join with {@link #add(Component)} and start after the functions, before the
 * HTTP API opens, so the first request finds everything ready. Handlers are built by the
 * {@link HandlerCatalog} it is given, at start.
 */
public final class LocalRuntime implements AutoCloseable {
    private static final int HTTP_THREADS = 32;

    private final LocalOptions options;
    private final Template template;
    private final CloudFormationIntrinsics intrinsics;
    private final LocalDynamoDb dynamoDb;
    /** What the functions and executions used, as AWS bills it (the cost model's records). */
    private final LocalUsage usage = new LocalUsage();
    private final LocalFunctions functions;
    private final HttpApiServer http;
    private final AdminToken adminToken;
    private final List<Component> components = new ArrayList<>();
    private final List<Component> extras = new ArrayList<>();
    private final List<Component> started = new ArrayList<>();
    private long startupMillis = -1;
    private final Map<String, Long> startTimes = new LinkedHashMap<>();

    private LocalRuntime(LocalOptions options, HandlerCatalog catalog) throws IOException {
        this.options = options;
        this.template = Template.load(options.template());
        Path dataFolder = options.dataFolder();
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("BaseDomain", "localhost");
        parameters.put("CursorSecret", LocalSecrets.cursorSecret(dataFolder));
        // Parameters without a default that a laptop has no real value for.
        parameters.put("GitHubWebhookSecret", options.environment().getOrDefault("BERTH_GITHUB_WEBHOOK_SECRET", "local-webhook-secret"));
        this.intrinsics = new CloudFormationIntrinsics(template, parameters);
        this.dynamoDb = new LocalDynamoDb(dataFolder == null ? null : dataFolder.resolve("dynamodb"), 0, usage.dynamoDbInterceptor());

        Map<String, String> runtimeOwned = new LinkedHashMap<>();
        runtimeOwned.put("BERTH_DYNAMODB_ENDPOINT", dynamoDb.endpoint());
        runtimeOwned.put("AWS_REGION", LocalAws.REGION);
        runtimeOwned.put("AWS_DEFAULT_REGION", LocalAws.REGION);
        runtimeOwned.put("BERTH_LOCAL", "true");
        // Handlers build their own DynamoDB client from BERTH_DYNAMODB_ENDPOINT, exactly as on Lambda.
        this.functions = LocalFunctions.fromTemplate(template, intrinsics, options.environment(), runtimeOwned, catalog, usage);
        this.http = new HttpApiServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()),
                RouteTable.fromTemplate(template), functions, HTTP_THREADS);
        http.onEveryRequest(usage::apiRequest);

        String tokenTable = tokenTable();
        this.adminToken = tokenTable == null ? null
                : new AdminToken(dynamoDb::client, tokenTable, options.environment().get("BERTH_ADMIN_TOKEN"));

        components.add(dynamoDb);
        components.add(Component.of("tables",
                () -> new TableProvisioner(dynamoDb.client()).provisionAll(template.tables().values()), Component.Action.NONE));
        if (adminToken != null) {
            components.add(adminToken);
        }
        components.add(functions);
    }

    /** Reads the template and prepares every component; nothing runs until {@link #start()}. */
    public static LocalRuntime create(LocalOptions options, HandlerCatalog catalog) throws IOException {
        return new LocalRuntime(options, catalog);
    }

    /** Adds a component that starts after the functions and before the HTTP API (call before start). */
    public synchronized LocalRuntime add(Component component) {
        if (startupMillis >= 0) {
            throw new IllegalStateException("Add components before start()");
        }
        extras.add(component);
        return this;
    }

    /** Starts everything; on failure stops what had started and rethrows. The HTTP port is taken first. */
    public synchronized void start() throws Exception {
        long begin = System.nanoTime();
        http.bind();
        List<Component> order = new ArrayList<>(components);
        order.addAll(extras);
        order.add(http);
        try {
            for (Component c : order) {
                long t = System.nanoTime();
                c.start();
                started.add(c);
                startTimes.put(c.name(), (System.nanoTime() - t) / 1_000_000);
            }
        } catch (Exception e) {
            stop();
            throw e;
        }
        startupMillis = (System.nanoTime() - begin) / 1_000_000;
    }

    /** Stops what started, newest first (the HTTP API before DynamoDB Local). Safe to call twice. */
    public synchronized void stop() {
        for (int i = started.size() - 1; i >= 0; i--) {
            Component c = started.get(i);
            try {
                c.stop();
            } catch (Exception e) {
                System.err.println("berth local: stopping " + c.name() + " failed: " + e);
            }
        }
        started.clear();
        try {
            http.stop(); // releases the port taken by bind() when a later component failed to start
        } catch (Exception e) {
            System.err.println("berth local: releasing the HTTP port failed: " + e);
        }
        try {
            dynamoDb.stop(); // also closes its client when the server never started
        } catch (Exception e) {
            System.err.println("berth local: stopping DynamoDB Local failed: " + e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    public URI apiUrl() {
        return http.baseUrl();
    }

    public Template template() {
        return template;
    }

    public CloudFormationIntrinsics intrinsics() {
        return intrinsics;
    }

    public LocalUsage usage() {
        return usage;
    }

    public LocalDynamoDb dynamoDb() {
        return dynamoDb;
    }

    public LocalFunctions functions() {
        return functions;
    }

    public HttpApiServer http() {
        return http;
    }

    public LocalOptions options() {
        return options;
    }

    /** The admin token in effect (none when the template's functions name no table for tokens). */
    public Optional<String> adminToken() {
        return Optional.ofNullable(adminToken).map(AdminToken::token);
    }

    /** True when the admin token was generated at this start (so it must be shown to the user). */
    public boolean adminTokenGenerated() {
        return adminToken != null && adminToken.generated();
    }

    /** What the user should know: template parts not run locally, functions not available. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>(template.warnings());
        out.addAll(functions.warnings());
        return out;
    }

    /** Milliseconds each component took to start, in start order. */
    public Map<String, Long> componentStartMillis() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(startTimes));
    }

    /** The table the functions keep tokens in: the one their BERTH_TABLE names. */
    private String tokenTable() {
        for (FunctionResource f : template.functions().values()) {
            String table = functions.get(f.logicalId()).environment().get("BERTH_TABLE");
            if (table != null && template.tables().containsKey(table)) {
                return table;
            }
        }
        return null;
    }
}
