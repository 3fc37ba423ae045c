package dev.berth.localdata;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * MongoDB wire protocol. First choice: the in-JVM mongo-java-server (de.bwaldvogel) with its H2 backend, data in
 * {@code dataDir/mongodb/mongo.mv}, listening on 127.0.0.1 only. It has no authentication, so adminUser and
 * adminPassword are empty. If that library is not on the class path, a real {@code mongod} found on the machine
 * (also without authentication, bound to 127.0.0.1); otherwise unavailable (Debian ships no MongoDB server).
 */
final class MongoLauncher implements Launcher {

    @Override
    public RunningServer launch(LaunchContext ctx) throws Exception {
        if (inJvmServerPresent()) {
            return InJvm.launch(ctx);
        }
        Optional<Path> mongod = Binaries.find("mongod");
        if (mongod.isPresent()) {
            return launchMongod(ctx, mongod.get());
        }
        throw new Unavailable("neither mongo-java-server (de.bwaldvogel) is on the class path nor mongod installed "
                + "(Debian ships no MongoDB server package)");
    }

    private static boolean inJvmServerPresent() {
        try {
            Class.forName("de.bwaldvogel.mongo.MongoServer", false, MongoLauncher.class.getClassLoader());
            Class.forName("de.bwaldvogel.mongo.backend.h2.H2Backend", false, MongoLauncher.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static RunningServer launchMongod(LaunchContext ctx, Path mongod) throws Exception {
        Path db = Files.createDirectories(ctx.dir().resolve("db"));
        int port = Ports.free();
        ChildProcess server = ctx.track(ChildProcess.start("mongod", List.of(mongod.toString(), "--dbpath",
                db.toString(), "--port", Integer.toString(port), "--bind_ip", "127.0.0.1", "--nounixsocket"),
                Map.of(), false, ctx.dir(), ctx.dir().resolve("mongod.log"), "TERM", Duration.ofSeconds(20)));
        ctx.awaitReady(server, () -> ping(port));
        return new RunningServer(Kind.MONGODB, "127.0.0.1", port, 0, "", "");
    }

    static boolean ping(int port) {
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(2, TimeUnit.SECONDS))
                .applyToSocketSettings(b -> b.connectTimeout(1, TimeUnit.SECONDS))
                .build();
        try (MongoClient client = MongoClients.create(settings)) {
            Document answer = client.getDatabase("admin").runCommand(new Document("ping", 1));
            Object ok = answer.get("ok");
            return ok instanceof Number n && n.doubleValue() == 1.0;
        }
    }

    /** Kept apart so that the class loads only when mongo-java-server is present. */
    private static final class InJvm {
        static RunningServer launch(LaunchContext ctx) throws Exception {
            Path file = ctx.dir().resolve("mongo.mv");
            boolean existing = Files.exists(file);
            H2Backend backend = new H2Backend(file.toString());
            MongoServer server = new MongoServer(backend);
            ctx.track(new AutoCloseable() {
                @Override
                public void close() {
                    server.shutdownNow();
                }

                @Override
                public String toString() {
                    return "in-JVM MongoDB server";
                }
            });
            int port = Ports.free();
            server.bind("127.0.0.1", port);
            ctx.log((existing ? "reusing " : "new ") + "H2 store " + file
                    + " (in-JVM mongo-java-server: no authentication, 127.0.0.1 only)");
            ctx.awaitReady(null, () -> ping(port));
            return new RunningServer(Kind.MONGODB, "127.0.0.1", port, 0, "", "");
        }
    }
}
