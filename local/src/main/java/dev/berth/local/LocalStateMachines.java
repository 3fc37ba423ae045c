package dev.berth.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.port.Workflows;
import dev.berth.core.port.workflow.ExecutionHistory;
import dev.berth.local.lambda.FunctionFailedException;
import dev.berth.local.lambda.LocalFunctions;
import dev.berth.asl.AslExecution;
import dev.berth.asl.AslStateMachine;
import dev.berth.asl.ExecutionSnapshot;
import dev.berth.asl.HistoryEvent;
import dev.berth.asl.TaskFailure;
import dev.berth.local.template.StateMachineResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * Execution names are unique per state machine, as in Step Functions. Executions outlive the
 * process, as Step Functions' do: each is kept as a snapshot file (written before each top-level
 * state and at its end), and at start those that were running go on from where they were.
 */
public final class LocalStateMachines implements Workflows, Component {
    private static final ObjectMapper JSON = dev.berth.core.json.Json.MAPPER;
    private final Map<String, AslStateMachine> machines = new LinkedHashMap<>();
    private final Map<String, AslExecution> executions = new ConcurrentHashMap<>();
    private final LocalFunctions functions;
    private final double waitScale;
    private final Path folder;
    private final dev.berth.local.usage.LocalUsage usage;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "berth-execution");
        t.setDaemon(true);
        return t;
    });

    private LocalStateMachines(LocalRuntime runtime, double waitScale, Path folder) throws IOException {
        this.usage = runtime.usage();
        usage.readTransitionsFrom(this);
        this.functions = runtime.functions();
        this.waitScale = waitScale;
        this.folder = folder;
        for (StateMachineResource resource : runtime.template().stateMachines().values()) {
            String definition = Files.readString(resource.definitionFile(), StandardCharsets.UTF_8);
            machines.put(resource.logicalId(), AslStateMachine.parse(resource.logicalId(), definition,
                    runtime.intrinsics().definitionSubstitutionsOf(resource)));
        }
    }

    /**
     * Plugs the state machines into the runtime (handlers start executions through the Workflows
     * port they are given); executions are kept in {@code folder}.
     */
    public static LocalStateMachines install(LocalRuntime runtime, double waitScale, Path folder) throws IOException {
        LocalStateMachines engine = new LocalStateMachines(runtime, waitScale, folder);
        runtime.add(engine);
        return engine;
    }

    /**
     * Loads the kept executions: finished ones answer for their names and histories again,
     * running ones go on from their last snapshot. Returns how many went on.
     */
    public int resumeKept() throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int resumed = 0;
        List<Path> files;
        try (var all = Files.walk(folder)) {
            files = all.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            ExecutionSnapshot snapshot = JSON.readValue(file.toFile(), ExecutionSnapshot.class);
            AslStateMachine machine = machines.get(snapshot.stateMachine());
            if (machine == null) {
                continue; // a state machine the template no longer has
            }
            AslExecution execution = machine.resume(snapshot, tasksOf(snapshot.stateMachine(), snapshot.name()), waitScale, this::keep);
            if (executions.putIfAbsent(snapshot.stateMachine() + "/" + snapshot.name(), execution) == null
                    && execution.status() == AslExecution.Status.RUNNING) {
                executor.submit(execution);
                resumed++;
            }
        }
        return resumed;
    }

    /** Writes a snapshot whole or not at all, so a crash mid-write leaves the previous one. */
    private void keep(ExecutionSnapshot snapshot) {
        try {
            Path file = folder.resolve(snapshot.stateMachine()).resolve(snapshot.name() + ".json");
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(snapshot.name() + ".json.partial");
            Files.write(partial, JSON.writeValueAsBytes(snapshot));
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the execution " + snapshot.name() + ": " + e.getMessage(), e);
        }
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
        AslExecution created = machine.newExecution(executionName, input, tasksOf(stateMachine, executionName), waitScale, this::keep);
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

    /** The task invoker of one execution: what its tasks use counts for it in the usage records. */
    private dev.berth.asl.TaskInvoker tasksOf(String stateMachine, String executionName) {
        return (stateName, resource, input) -> {
            try {
                return usage.within(stateMachine, executionName, () -> invoke(stateName, resource, input));
            } catch (TaskFailure | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new TaskFailure("States.Runtime", String.valueOf(e));
            }
        };
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
