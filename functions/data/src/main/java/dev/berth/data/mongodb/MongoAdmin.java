package dev.berth.data.mongodb;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.berth.core.data.DataNames;
import dev.berth.core.data.DataPlacement;
import dev.berth.core.data.DataServer;
import dev.berth.core.data.DataServerFailure;
import dev.berth.core.port.DataServerAdmin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * MongoDB: the instance's databases and one user with readWrite on each, defined in the first
 * database (its auth source). A dump is every collection's documents as canonical Extended JSON
 * lines (types survive: dates, ObjectIds, binaries), and a restore drops the databases and
 * inserts them back. Servers without access control (an in-JVM test server) have no users to make.
 */
public final class MongoAdmin implements DataServerAdmin {
    private static final int COMMAND_NOT_FOUND = 59;
    private static final int USER_NOT_FOUND = 11;
    private static final String MARKER = "berth_instance";
    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();
    private static final int BATCH = 1000;

    @Override
    public void ensure(DataServer server, String adminPassword, DataPlacement placement, String password) {
        String user = DataNames.identifier(placement.user());
        with(server, adminPassword, "could not create the databases of " + user, client -> {
            for (String database : placement.databases()) {
                MongoDatabase db = client.getDatabase(DataNames.identifier(database));
                if (!db.listCollectionNames().into(new ArrayList<>()).contains(MARKER)) {
                    db.createCollection(MARKER);
                }
            }
            List<Document> roles = placement.databases().stream().map(d -> new Document("role", "readWrite").append("db", d)).toList();
            MongoDatabase authSource = client.getDatabase(placement.databases().get(0));
            try {
                Document found = authSource.runCommand(new Document("usersInfo", user));
                boolean exists = !found.getList("users", Document.class, List.of()).isEmpty();
                authSource.runCommand(new Document(exists ? "updateUser" : "createUser", user).append("pwd", password).append("roles", roles));
            } catch (MongoCommandException e) {
                if (e.getErrorCode() != COMMAND_NOT_FOUND) {
                    throw e;
                }
            }
        });
    }

    @Override
    public void dropUser(DataServer server, String adminPassword, DataPlacement placement, String user) {
        with(server, adminPassword, "could not drop the user " + user, client -> dropUsers(client, placement, List.of(user)));
    }

    @Override
    public void drop(DataServer server, String adminPassword, DataPlacement placement) {
        with(server, adminPassword, "could not drop the databases of " + placement.user(), client -> {
            List<String> users = new ArrayList<>(List.of(placement.user()));
            if (placement.retiringUser() != null) {
                users.add(placement.retiringUser());
            }
            dropUsers(client, placement, users);
            for (String database : placement.databases()) {
                client.getDatabase(DataNames.identifier(database)).drop();
            }
        });
    }

    @Override
    public void dump(DataServer server, String adminPassword, DataPlacement placement, OutputStream out) {
        with(server, adminPassword, "could not dump the databases of " + placement.user(), client -> {
            try {
                for (String database : placement.databases()) {
                    MongoDatabase db = client.getDatabase(DataNames.identifier(database));
                    for (String collection : db.listCollectionNames().into(new ArrayList<>())) {
                        if (collection.startsWith("system.")) {
                            continue;
                        }
                        line(out, new Document("db", database).append("collection", collection));
                        for (Document document : db.getCollection(collection).find()) {
                            line(out, new Document("db", database).append("collection", collection).append("document", document));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public void restore(DataServer server, String adminPassword, DataPlacement placement, InputStream in) {
        with(server, adminPassword, "could not restore the databases of " + placement.user(), client -> {
            for (String database : placement.databases()) {
                MongoDatabase db = client.getDatabase(DataNames.identifier(database));
                for (String collection : db.listCollectionNames().into(new ArrayList<>())) {
                    if (!collection.startsWith("system.")) {
                        db.getCollection(collection).drop();
                    }
                }
            }
            Map<String, List<Document>> batches = new HashMap<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                    Document line = Document.parse(text);
                    String database = line.getString("db");
                    if (!placement.databases().contains(database)) {
                        throw new IllegalArgumentException("The dump holds a database (" + database + ") that is not this instance's");
                    }
                    MongoDatabase db = client.getDatabase(database);
                    String collection = line.getString("collection");
                    Document document = line.get("document", Document.class);
                    if (document == null) {
                        db.createCollection(collection);
                        continue;
                    }
                    List<Document> batch = batches.computeIfAbsent(database + "\u0000" + collection, k -> new ArrayList<>());
                    batch.add(document);
                    if (batch.size() == BATCH) {
                        db.getCollection(collection).insertMany(batch);
                        batch.clear();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            batches.forEach((key, batch) -> {
                if (!batch.isEmpty()) {
                    String[] parts = key.split("\u0000");
                    MongoCollection<Document> target = client.getDatabase(parts[0]).getCollection(parts[1]);
                    target.insertMany(batch);
                }
            });
        });
    }

    private static void line(OutputStream out, Document document) throws IOException {
        out.write(document.toJson(CANONICAL).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    private static void dropUsers(MongoClient client, DataPlacement placement, List<String> users) {
        MongoDatabase authSource = client.getDatabase(placement.databases().get(0));
        for (String user : users) {
            try {
                authSource.runCommand(new Document("dropUser", DataNames.identifier(user)));
            } catch (MongoCommandException e) {
                if (e.getErrorCode() != USER_NOT_FOUND && e.getErrorCode() != COMMAND_NOT_FOUND) {
                    throw e;
                }
            }
        }
    }

    private static void with(DataServer server, String adminPassword, String what, Consumer<MongoClient> work) {
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyToClusterSettings(c -> c.hosts(List.of(new ServerAddress(server.host(), server.port())))
                        .serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(5, TimeUnit.SECONDS));
        if (adminPassword != null && !adminPassword.isEmpty()) {
            settings.credential(MongoCredential.createCredential(server.adminUser(), "admin", adminPassword.toCharArray()));
        }
        try (MongoClient client = MongoClients.create(settings.build())) {
            work.accept(client);
        } catch (MongoException e) {
            throw new DataServerFailure(server, what + ": " + e.getMessage(), e);
        }
    }
}
