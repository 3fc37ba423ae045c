package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Runs definitions for the conformance tests: Waits and Retry intervals skipped, {@code ${Fn}} a task resource. */
final class Asl {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A task invoker for machines whose tasks must not run. */
    static final TaskInvoker NO_TASKS = (state, resource, input) -> {
        throw new AssertionError("no task should run, but " + state + " did");
    };

    private Asl() {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AslExecution run(String definition, String input, TaskInvoker tasks) {
        return AslStateMachine.parse("test", definition, Map.of("Fn", "arn:local:fn")).run("e1", json(input), tasks, 0);
    }

    static AslExecution run(String definition, String input) {
        return run(definition, input, NO_TASKS);
    }

    /** A machine of one state named S (it must end), given as JSON. */
    static String machine(String state) {
        return "{\"StartAt\": \"S\", \"States\": {\"S\": " + state + "}}";
    }

    /** SUCCEEDED, or the error the execution failed with. */
    static String outcome(AslExecution e) {
        return e.status() == AslExecution.Status.SUCCEEDED ? "SUCCEEDED" : e.error();
    }

    static String last(List<String> states) {
        return states.get(states.size() - 1);
    }
}
