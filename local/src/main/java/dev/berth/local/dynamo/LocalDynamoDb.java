package dev.berth.local.dynamo;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.berth.local.Component;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local in this JVM, in server mode (the handlers talk to it over HTTP exactly as to AWS),
 * telemetry off, one shared database for every credential and region. In memory unless a data
 * folder is given, in which case the tables live in {@code <folder>/shared-local-instance.db}.
 */
public final class LocalDynamoDb implements Component {
    private final Path dataFolder;
    private final int port;
    private DynamoDBProxyServer server;
    private boolean loopbackOnly;
    private DynamoDbClient client;
    private final software.amazon.awssdk.core.interceptor.ExecutionInterceptor meter;

    /**
     * @param dataFolder where to keep the data, or null for in-memory
     * @param port       the port to listen on; 0 picks a free one (server mode itself rejects 0)
     * @param meter      sees every request of {@link #client()} (the usage records), or null
     */
    public LocalDynamoDb(Path dataFolder, int port, software.amazon.awssdk.core.interceptor.ExecutionInterceptor meter) {
        this.meter = meter;
        this.dataFolder = dataFolder;
        this.port = port == 0 ? freePort() : port;
    }

    public String endpoint() {
        return "http://localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** A client of this server (built once, closed on stop). */
    public synchronized DynamoDbClient client() {
        if (client == null) {
            client = DynamoDbClient.builder()
                    .httpClient(ApacheHttpClient.create())
                    .endpointOverride(URI.create(endpoint()))
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .overrideConfiguration(c -> {
                        if (meter != null) {
                            c.addExecutionInterceptor(meter);
                        }
                    })
                    .build();
        }
        return client;
    }

    @Override
    public String name() {
        return "DynamoDB Local";
    }

    @Override
    public void start() throws Exception {
        List<String> args = new ArrayList<>();
        if (dataFolder == null) {
            args.add("-inMemory");
        } else {
            Files.createDirectories(dataFolder);
            args.add("-dbPath");
            args.add(dataFolder.toAbsolutePath().toString());
        }
        args.addAll(List.of("-sharedDb", "-port", Integer.toString(port), "-disableTelemetry"));
        // DynamoDB Local prints its configuration on stdout; the runtime prints its own banner instead.
        PrintStream stdout = System.out;
        ByteArrayOutputStream swallowed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(swallowed, true, StandardCharsets.UTF_8));
        DynamoDBProxyServer created;
        try {
            created = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            loopbackOnly = restrictToLoopback(created);
            created.start();
        } catch (Exception e) {
            System.setOut(stdout);
            System.err.print(swallowed.toString(StandardCharsets.UTF_8));
            throw new IllegalStateException("DynamoDB Local could not start on port " + port + ": " + rootMessage(e), e);
        } finally {
            System.setOut(stdout);
        }
        server = created;
    }

    @Override
    public synchronized void stop() throws Exception {
        if (client != null) {
            client.close();
            client = null;
        }
        if (server != null) {
            DynamoDBProxyServer s = server;
            server = null;
            s.stop();
        }
    }

    /** True when DynamoDB Local listens on loopback only (not reachable from the network). */
    public boolean listensOnLoopbackOnly() {
        return loopbackOnly;
    }

    /**
     * DynamoDB Local has no option for the address it listens on and takes all interfaces: on a
     * laptop that would share the table (tokens' hashes, instances) with the whole network. Its
     * Jetty server is a private field, set before start; if that ever changes, warn and go on.
     */
    private static boolean restrictToLoopback(DynamoDBProxyServer proxy) {
        try {
            Field field = DynamoDBProxyServer.class.getDeclaredField("server");
            field.setAccessible(true);
            Server jetty = (Server) field.get(proxy);
            boolean restricted = false;
            for (Connector connector : jetty.getConnectors()) {
                if (connector instanceof ServerConnector serverConnector) {
                    serverConnector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
                    restricted = true;
                }
            }
            return restricted;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            System.err.println("berth local: warning: DynamoDB Local listens on all interfaces (" + e + ")");
            return false;
        }
    }

    /** A port that was free a moment ago, on loopback. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port: " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
