package dev.berth.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every path of every state machine, without handlers: each {@code statemachines/test/*.expected.json}
 * names a definition, a mock configuration and, per test case, the expected status, error and
 * states entered.
 */
class StateMachineMockConfigsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path root() {
        Path path = Path.of(System.getProperty("berth.root", "..")).toAbsolutePath().normalize();
        return Files.exists(path.resolve("statemachines")) ? path : path.getParent();
    }

    @TestFactory
    List<DynamicTest> everyTestCaseOfEveryStateMachine() throws IOException {
        Path tests = root().resolve("statemachines/test");
        List<DynamicTest> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(tests)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".expected.json")).sorted().toList()) {
                JsonNode spec = JSON.readTree(file.toFile());
                String definition = Files.readString(tests.resolve(spec.get("definition").asText()).normalize());
                JsonNode mock = JSON.readTree(tests.resolve(spec.get("mockConfig").asText()).toFile());
                String machine = spec.get("stateMachine").asText();
                Iterator<Map.Entry<String, JsonNode>> cases = spec.get("expectations").fields();
                while (cases.hasNext()) {
                    Map.Entry<String, JsonNode> expected = cases.next();
                    out.add(DynamicTest.dynamicTest(machine + " / " + expected.getKey(), () -> {
                        ObjectNode result = AslTestCli.runCase(definition, mock, machine, expected.getKey(), spec.get("input"));
                        assertEquals(expected.getValue().get("status").asText(), result.get("status").asText(), result.toString());
                        if (expected.getValue().has("error")) {
                            assertEquals(expected.getValue().get("error").asText(), result.get("error").asText(), result.toString());
                        }
                        assertEquals(expected.getValue().get("states"), result.get("states"), result.toString());
                    }));
                }
            }
        }
        assertFalse(out.isEmpty());
        // Every test case of every mock configuration has an expectation, and every state machine a mock configuration.
        try (Stream<Path> definitions = Files.list(root().resolve("statemachines"))) {
            for (Path asl : definitions.filter(f -> f.toString().endsWith(".asl.json")).toList()) {
                String name = asl.getFileName().toString().replace(".asl.json", "");
                assertFalse(Files.notExists(tests.resolve(name + ".expected.json")), "no expectations for " + asl);
            }
        }
        return out;
    }
}
