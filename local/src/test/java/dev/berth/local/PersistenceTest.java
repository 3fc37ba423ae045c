package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.local.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code --data DIR}: what was written is there after a restart, and so is the cursor key. */
class PersistenceTest {

    @Test
    void dataSurvivesARestartWithTheSameDataFolder(@TempDir Path data) throws Exception {
        Map<String, AttributeValue> key = Map.of("PK", AttributeValue.fromS("thing#1"), "SK", AttributeValue.fromS("A"));
        String secret;
        try (LocalRuntime first = LocalRuntime.create(LocalOptions.forTest(Repo.testTemplate()).withDataFolder(data), Repo.testHandlers(null))) {
            first.start();
            first.dynamoDb().client().putItem(r -> r.tableName("Things").item(Map.of(
                    "PK", key.get("PK"), "SK", key.get("SK"), "note", AttributeValue.fromS("kept"))));
            secret = first.functions().get("EchoFunction").environment().get("BERTH_CURSOR_SECRET");
        }
        assertTrue(Files.exists(data.resolve("dynamodb/shared-local-instance.db")), "DynamoDB Local wrote its file");

        try (LocalRuntime second = LocalRuntime.create(LocalOptions.forTest(Repo.testTemplate()).withDataFolder(data), Repo.testHandlers(null))) {
            second.start();
            var item = second.dynamoDb().client().getItem(r -> r.tableName("Things").key(key).consistentRead(true)).item();
            assertEquals("kept", item.get("note").s());
            assertEquals(secret, second.functions().get("EchoFunction").environment().get("BERTH_CURSOR_SECRET"),
                    "cursors handed out before the restart stay valid");
        }
    }

    @Test
    void aKeptTableThatNoLongerMatchesTheTemplateIsRefusedClearly(@TempDir Path data, @TempDir Path folder) throws Exception {
        try (LocalRuntime first = LocalRuntime.create(LocalOptions.forTest(Repo.testTemplate()).withDataFolder(data), Repo.testHandlers(null))) {
            first.start();
        }
        Path changed = folder.resolve("template.yaml");
        Files.writeString(changed, Files.readString(Repo.testTemplate())
                .replace("- AttributeName: SK\n          KeyType: RANGE", "- AttributeName: GSI1PK\n          KeyType: RANGE"));
        LocalRuntime second = LocalRuntime.create(LocalOptions.forTest(changed).withDataFolder(data), Repo.testHandlers(null));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, second::start);
        assertTrue(e.getMessage().contains("Things") && e.getMessage().contains("key schema") && e.getMessage().contains("--data"),
                e.getMessage());
    }

    @Test
    void withoutADataFolderEachStartIsEmpty() throws Exception {
        Map<String, AttributeValue> item = Map.of("PK", AttributeValue.fromS("thing#2"), "SK", AttributeValue.fromS("A"));
        try (LocalRuntime first = LocalRuntime.create(LocalOptions.forTest(Repo.testTemplate()), Repo.testHandlers(null))) {
            first.start();
            first.dynamoDb().client().putItem(r -> r.tableName("Things").item(item));
        }
        try (LocalRuntime second = LocalRuntime.create(LocalOptions.forTest(Repo.testTemplate()), Repo.testHandlers(null))) {
            second.start();
            assertTrue(second.dynamoDb().client().getItem(r -> r.tableName("Things").key(item)).item().isEmpty());
        }
    }
}
