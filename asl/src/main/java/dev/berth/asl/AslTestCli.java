package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./berth asl test <definition.asl.json> --mock-config <file> --state-machine <name>
 * --test-case <name>} with the execution input on stdin: runs one test case of a mock
 * configuration (Waits and Retry intervals skipped) and prints one JSON line. Exit code 0 when
 * the test case ran (whatever its status), 2 for a usage error or a file that cannot be read.
 */
@Command(name = "berth asl test", description = "Runs one test case of a mock configuration; the execution input is read from stdin.")
public final class AslTestCli implements Callable<Integer> {
    private static final ObjectMapper JSON = AslJson.MAPPER;
    private static final int USAGE = 2;

    @Parameters(index = "0", paramLabel = "<definition.asl.json>", description = "The state machine definition.")
    private Path definition;

    @Option(names = "--mock-config", required = true, paramLabel = "<file>", description = "A mock configuration (Step Functions Local's MockConfigFile.json).")
    private Path mockConfig;

    @Option(names = "--state-machine", required = true, paramLabel = "<name>", description = "The state machine's name in the mock configuration.")
    private String stateMachine;

    @Option(names = "--test-case", required = true, paramLabel = "<name>", description = "The test case to run.")
    private String testCase;

    private final byte[] stdin;
    private final PrintStream out;
    private final PrintStream err;

    private AslTestCli(byte[] stdin, PrintStream out, PrintStream err) {
        this.stdin = stdin;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.in.readAllBytes(), System.out, System.err));
    }

    static int run(String[] args, byte[] stdin, PrintStream out, PrintStream err) {
        CommandLine command = new CommandLine(new AslTestCli(stdin, out, err));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        command.setExitCodeExceptionMapper(e -> USAGE);
        return command.execute(args);
    }

    @Override
    public Integer call() {
        try {
            String input = new String(stdin, StandardCharsets.UTF_8).trim();
            out.println(JSON.writeValueAsString(runCase(Files.readString(definition), JSON.readTree(mockConfig.toFile()),
                    stateMachine, testCase, input.isEmpty() ? JSON.createObjectNode() : JSON.readTree(input))));
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println("berth asl test: " + e.getMessage());
            return USAGE;
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
