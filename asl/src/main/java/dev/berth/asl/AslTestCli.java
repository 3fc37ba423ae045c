package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code ./berth asl test <definition.asl.json> --mock-config <file> --state-machine <name>
 * --test-case <name>} with the execution input on stdin: runs one test case of a mock
 * configuration (Waits and Retry intervals skipped) and prints one JSON line.
 */
public final class AslTestCli {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AslTestCli() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.in.readAllBytes(), System.out, System.err));
    }

    static int run(String[] args, byte[] stdin, PrintStream out, PrintStream err) {
        String definition = null;
        String mockConfig = null;
        String stateMachine = null;
        String testCase = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                definition = arg;
                continue;
            }
            if (i + 1 >= args.length) {
                err.println("berth asl test: " + arg + " needs a value");
                return 2;
            }
            String value = args[++i];
            switch (arg) {
                case "--mock-config" -> mockConfig = value;
                case "--state-machine" -> stateMachine = value;
                case "--test-case" -> testCase = value;
                default -> {
                    err.println("berth asl test: unknown option " + arg);
                    return 2;
                }
            }
        }
        if (definition == null || mockConfig == null || stateMachine == null || testCase == null) {
            err.println("Usage: ./berth asl test <definition.asl.json> --mock-config <file> --state-machine <name> --test-case <name> < input.json");
            return 2;
        }
        try {
            String input = new String(stdin, StandardCharsets.UTF_8).trim();
            out.println(JSON.writeValueAsString(runCase(Files.readString(Path.of(definition)), JSON.readTree(Path.of(mockConfig).toFile()),
                    stateMachine, testCase, input.isEmpty() ? JSON.createObjectNode() : JSON.readTree(input))));
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println("berth asl test: " + e.getMessage());
            return 2;
        }
    }

    /** Runs a test case: {@code {"status", "output" | "error" + "cause", "states"}}. */
    public static ObjectNode runCase(String definition, JsonNode mockConfig, String stateMachine, String testCase, JsonNode input) {
        AslStateMachine machine = AslStateMachine.parse(stateMachine, definition, Map.of(), false);
        AslExecution execution = machine.run("test-" + testCase, input, new MockedTasks(mockConfig, stateMachine, testCase), 0);
        ObjectNode result = JSON.createObjectNode();
        result.put("status", execution.status().name());
        if (execution.status() == AslExecution.Status.SUCCEEDED) {
            result.set("output", execution.output());
        } else {
            result.put("error", execution.error());
            result.put("cause", execution.cause());
        }
        List<String> states = execution.statesEntered();
        states.forEach(result.putArray("states")::add);
        return result;
    }
}
