package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A parsed, checked state machine definition with its DefinitionSubstitutions applied: every
 * {@code Next}, {@code Default} and catcher target exists, every state can end.
 */
public final class AslStateMachine {
    private static final ObjectMapper JSON = AslJson.MAPPER;
    private final String name;
    private final JsonNode definition;

    private AslStateMachine(String name, JsonNode definition) {
        this.name = name;
        this.definition = definition;
    }

    public static AslStateMachine parse(String name, String definitionJson, Map<String, String> substitutions) {
        return parse(name, definitionJson, substitutions, true);
    }

    /** @param resolved whether every Task resource must be a real one (not for mocked runs, which go by state name) */
    public static AslStateMachine parse(String name, String definitionJson, Map<String, String> substitutions, boolean resolved) {
        String text = definitionJson;
        for (Map.Entry<String, String> s : substitutions.entrySet()) {
            text = text.replace("${" + s.getKey() + "}", s.getValue());
        }
        JsonNode definition;
        try {
            definition = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": the definition is not JSON: " + e.getMessage());
        }
        check(name, definition, resolved);
        return new AslStateMachine(name, definition);
    }

    private static void check(String name, JsonNode machine, boolean resolved) {
        if (machine.has("TimeoutSeconds")) {
            StateChecks.positiveInteger(machine, "TimeoutSeconds", name);
        }
        JsonNode states = machine.path("States");
        if (!states.has(machine.path("StartAt").asText())) {
            throw new IllegalArgumentException(name + ": StartAt names no state");
        }
        Iterator<Map.Entry<String, JsonNode>> it = states.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode state = entry.getValue();
            StateChecks.check(name, entry.getKey(), state);
            String type = state.path("Type").asText();
            boolean terminal = type.equals("Succeed") || type.equals("Fail") || type.equals("Choice") || state.path("End").asBoolean(false);
            if (!terminal && !states.has(state.path("Next").asText())) {
                throw new IllegalArgumentException(name + ": state " + entry.getKey() + " goes to a state that does not exist: " + state.path("Next").asText());
            }
            for (JsonNode rule : state.path("Choices")) {
                if (!states.has(rule.path("Next").asText())) {
                    throw new IllegalArgumentException(name + ": a choice of " + entry.getKey() + " goes nowhere");
                }
            }
            if (state.has("Default") && !states.has(state.get("Default").asText())) {
                throw new IllegalArgumentException(name + ": the Default of " + entry.getKey() + " goes nowhere");
            }
            for (JsonNode catcher : state.path("Catch")) {
                if (!states.has(catcher.path("Next").asText())) {
                    throw new IllegalArgumentException(name + ": a catcher of " + entry.getKey() + " goes nowhere");
                }
            }
            if (resolved && type.equals("Task") && state.path("Resource").asText().contains("${")) {
                throw new IllegalArgumentException(name + ": the Resource of " + entry.getKey() + " has no substitution: " + state.get("Resource").asText());
            }
            for (JsonNode branch : state.path("Branches")) {
                check(name + "/" + entry.getKey(), branch, resolved);
            }
            JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
            if (processor != null) {
                check(name + "/" + entry.getKey(), processor, resolved);
            }
        }
    }

    public String name() {
        return name;
    }

    public AslExecution newExecution(String executionName, JsonNode input, TaskInvoker tasks, double waitScale) {
        return newExecution(executionName, input, tasks, waitScale, snapshot -> { });
    }

    /** An execution that hands a snapshot to {@code checkpoints} before each top-level state and at its end. */
    public AslExecution newExecution(String executionName, JsonNode input, TaskInvoker tasks, double waitScale,
                                     Consumer<ExecutionSnapshot> checkpoints) {
        return new AslExecution(name, executionName, definition, input, tasks, waitScale, checkpoints);
    }

    /** The execution a snapshot of this machine describes: run it to go on; a finished one only reports. */
    public AslExecution resume(ExecutionSnapshot snapshot, TaskInvoker tasks, double waitScale, Consumer<ExecutionSnapshot> checkpoints) {
        if (!snapshot.stateMachine().equals(name)) {
            throw new IllegalArgumentException("The snapshot is of " + snapshot.stateMachine() + ", not " + name);
        }
        return new AslExecution(definition, snapshot, tasks, waitScale, checkpoints);
    }

    /** Runs an execution to its end on the caller's thread. */
    public AslExecution run(String executionName, JsonNode input, TaskInvoker tasks, double waitScale) {
        AslExecution execution = newExecution(executionName, input, tasks, waitScale);
        execution.run();
        return execution;
    }
}
