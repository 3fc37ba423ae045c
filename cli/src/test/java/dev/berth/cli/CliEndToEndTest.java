package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.local.LocalOptions;
import dev.berth.local.LocalSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a real local system (the same handlers, table and state machines as
 * {@code ./berth local}), started in this JVM with a known admin token.
 */
class CliEndToEndTest {
    static final String TOKEN = "cli-e2e-admin-token-0123456789";
    static LocalSystem system;
    static String api;
    @TempDir
    static Path home;
    static CliRunner berth;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("berth.root", "..")).toAbsolutePath().normalize();
        LocalOptions options = new LocalOptions(root.resolve("template.yaml"), 0, null, Map.of(
                "BERTH_ADMIN_TOKEN", TOKEN,
                "BERTH_LAUNCH_POLL_SECONDS", "1",
                "BERTH_LOCAL_WAIT_SCALE", "0.5",
                "BERTH_BOOT_TIMEOUT_SECONDS", "4"), 0);
        system = LocalSystem.create(options);
        system.runtime().start();
        api = system.runtime().apiUrl().toString().replaceAll("/api/v1/?$", "");
        berth = new CliRunner(Map.of("BERTH_API_URL", api, "BERTH_TOKEN", TOKEN,
                "BERTH_CONFIG", home.resolve("no-config").toString(), "HOME", home.toString()));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.runtime().stop();
        }
    }

    static JsonNode json(CliRunner.Result result) throws Exception {
        assertEquals(0, result.code(), result.toString());
        return Json.MAPPER.readTree(result.out());
    }

    @Test
    void instancesListAsTableJsonAndIds() throws Exception {
        CliRunner.Result created = berth.run("instances", "create", "--name", "Listed", "--sub-domain", "listed", "-q");
        assertEquals(0, created.code(), created.toString());
        String id = created.out().trim();

        CliRunner.Result table = berth.run("instances", "list");
        assertEquals(0, table.code(), table.toString());
        String[] lines = table.out().split("\n");
        assertTrue(lines[0].matches("id +name +domain +status +active +updated"), lines[0]);
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith(id) && l.contains("Listed") && l.contains("listed.localhost")), table.out());

        JsonNode page = json(berth.run("instances", "list", "--json"));
        assertTrue(page.get("items").isArray());
        assertTrue(page.has("nextCursor"));
        assertTrue(page.get("items").findValuesAsText("id").contains(id));
        assertEquals(page, json(berth.run("instances", "list", "-o", "json")));

        CliRunner.Result ids = berth.run("instances", "list", "-q");
        assertTrue(ids.out().lines().anyMatch(id::equals), ids.toString());
        assertTrue(ids.out().lines().allMatch(l -> l.matches("[A-Za-z0-9_-]+")), ids.toString());
    }
}
