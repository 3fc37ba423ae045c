package dev.berth.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./berth asl test}: its flags, stdin as the input, one JSON line out, exit codes 0 and 2. */
class AslTestCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run cli(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AslTestCli.run(args, stdin.getBytes(StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String[] files() throws Exception {
        Path definition = Files.writeString(dir.resolve("m.asl.json"), """
                {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "${Fn}", "ResultPath": "$.called", "End": true}}}""");
        Path mock = Files.writeString(dir.resolve("m.mock.json"), """
                {"StateMachines": {"M": {"TestCases": {"Ok": {"Call": "Answer"}, "Broken": {"Call": "Boom"}}}},
                 "MockedResponses": {"Answer": {"0": {"Return": {"n": 1}}}, "Boom": {"0": {"Throw": {"Error": "Nope", "Cause": "no"}}}}}""");
        return new String[] {definition.toString(), mock.toString()};
    }

    @Test
    void runsATestCaseOnStdinAndPrintsOneJsonLine() throws Exception {
        String[] f = files();
        Run ok = cli("{\"in\": true}", f[0], "--mock-config", f[1], "--state-machine", "M", "--test-case", "Ok");
        assertEquals(0, ok.exit(), ok.err());
        assertEquals(1, ok.out().strip().lines().count());
        JsonNode result = JSON.readTree(ok.out());
        assertEquals("SUCCEEDED", result.get("status").asText());
        assertEquals(JSON.readTree("{\"in\": true, \"called\": {\"n\": 1}}"), result.get("output"));
        assertEquals(JSON.readTree("[\"Call\"]"), result.get("states"));

        Run failed = cli("", "--test-case", "Broken", "--state-machine", "M", "--mock-config", f[1], f[0]);
        assertEquals(0, failed.exit(), "a failed execution is still a test case that ran");
        JsonNode failure = JSON.readTree(failed.out());
        assertEquals("FAILED", failure.get("status").asText());
        assertEquals("Nope", failure.get("error").asText());
        assertEquals("no", failure.get("cause").asText());
    }

    @Test
    void usageErrorsAndUnreadableFilesExitWithTwo() throws Exception {
        String[] f = files();
        Run missing = cli("", f[0], "--mock-config", f[1], "--state-machine", "M");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("--test-case"), missing.err());
        assertEquals("", missing.out());

        Run noValue = cli("", f[0], "--mock-config", f[1], "--state-machine", "M", "--test-case");
        assertEquals(2, noValue.exit());

        Run unknown = cli("", f[0], "--mock-config", f[1], "--state-machine", "M", "--test-case", "Ok", "--verbose");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("--verbose"), unknown.err());

        Run noFile = cli("", dir.resolve("absent.asl.json").toString(), "--mock-config", f[1], "--state-machine", "M", "--test-case", "Ok");
        assertEquals(2, noFile.exit());
        assertTrue(noFile.err().startsWith("berth asl test: "), noFile.err());

        Run noCase = cli("", f[0], "--mock-config", f[1], "--state-machine", "M", "--test-case", "Absent");
        assertEquals(2, noCase.exit());
        assertTrue(noCase.err().contains("no test case Absent"), noCase.err());
    }
}
