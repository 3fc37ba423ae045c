package dev.berth.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.port.Workflows;
import dev.berth.core.port.workflow.ExecutionHistory;
import dev.berth.local.lambda.FunctionFailedException;
import dev.berth.local.lambda.LocalFunctions;
import dev.berth.asl.AslExecution;
import dev.berth.asl.AslStateMachine;
import dev.berth.asl.HistoryEvent;
import dev.berth.asl.TaskFailure;
import dev.berth.local.template.StateMachineResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Step Functions on a laptop: the template's state machines, their ASL files with the template's
 * DefinitionSubstitutions, run by the local interpreter; a Task's resource is a local function
 * ARN, invoked like Lambda would (its exception class is the error Retry and Catch match).
 * Execution names are unique per state machine, as in Step Functions.
 */
public final class LocalStateMachines implements Workflows, Component {
    private static final ObjectMapper JSON = dev.berth.core.json.Json.MAPPER;
    private final Map<String, AslStateMachine> machines = new LinkedHashMap<>();
    private final Map<String, AslExecution> executions = new ConcurrentHashMap<>();
    private final LocalFunctions functions;
    private final double waitScale;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "berth-execution");
        t.setDaemon(true);
        return t;
    });

    private LocalStateMachines(LocalRuntime runtime, double waitScale) throws IOException {
        this.functions = runtime.functions();
        this.waitScale = waitScale;
        for (StateMachineResource resource : runtime.template().stateMachines().values()) {
            String definition = Files.readString(resource.definitionFile(), StandardCharsets.UTF_8);
            machines.put(resource.logicalId(), AslStateMachine.parse(resource.logicalId(), definition,
                    runtime.intrinsics().definitionSubstitutionsOf(resource)));
        }
    }

    /** Plugs the state machines into the runtime (handlers start executions through the Workflows port they are given). */
    public static LocalStateMachines install(LocalRuntime runtime, double waitScale) throws IOException {
        LocalStateMachines engine = new LocalStateMachines(runtime, waitScale);
        runtime.add(engine);
        return engine;
    }

    @Override
    public boolean start(String stateMachine, String executionName, String inputJson) {
        AslStateMachine machine = machines.get(stateMachine);
        if (machine == null) {
            throw new IllegalArgumentException("No state machine " + stateMachine + " in the template (" + machines.keySet() + ")");
        }
        JsonNode input;
        try {
            input = JSON.readTree(inputJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("The execution input is not JSON: " + e.getMessage());
        }
        AslExecution created = machine.newExecution(executionName, input, this::invoke, waitScale);
        AslExecution existing = executions.putIfAbsent(stateMachine + "/" + executionName, created);
        if (existing != null) {
            return false;
        }
        executor.submit(created);
        return true;
    }

    @Override
    public Optional<ExecutionHistory> history(String stateMachine, String executionName) {
        return execution(stateMachine, executionName).map(e -> new ExecutionHistory(e.name(), e.status().name(), e.startedAt(),
                e.stoppedAt(), e.history().stream().map(LocalStateMachines::event).toList()));
    }

    public Optional<AslExecution> execution(String stateMachine, String executionName) {
        return Optional.ofNullable(executions.get(stateMachine + "/" + executionName));
    }

    public List<AslExecution> executions() {
        return List.copyOf(executions.values());
    }

    private JsonNode invoke(String stateName, String resource, JsonNode input) throws TaskFailure {
        String requestId = UUID.randomUUID().toString();
        try {
            byte[] out = functions.get(resource).invoke(JSON.writeValueAsBytes(input), requestId);
            return out.length == 0 ? JSON.nullNode() : JSON.readTree(out);
        } catch (FunctionFailedException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            // As Lambda reports a Java exception: errorType is the class name, errorMessage its message.
            throw new TaskFailure(cause.getClass().getName(), String.valueOf(cause.getMessage()));
        } catch (IOException e) {
            throw new TaskFailure("States.Runtime", "The task's result is not JSON: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new TaskFailure("States.Runtime", e.getMessage());
        }
    }

    private static ExecutionHistory.Event event(HistoryEvent e) {
        return new ExecutionHistory.Event(e.id(), e.type(), e.state(), e.timestamp(), e.detail());
    }

    @Override
    public String name() {
        return "state machines " + machines.keySet();
    }

    @Override
    public void start() {
        // executions start on demand
    }

    @Override
    public void stop() {
        executions.values().forEach(AslExecution::stop);
        executor.shutdownNow();
    }
}
