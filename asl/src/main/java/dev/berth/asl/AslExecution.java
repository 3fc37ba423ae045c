package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One execution of a state machine, run by the local interpreter as the States Language
 * specification says: the run loop and the dispatch to each state type. Input and output
 * processing is {@link DataFlow}'s, Choice rules {@link ChoiceRules}', Retry and Catch
 * {@link ErrorHandling}'s; the history ({@link History}) has the events Step Functions records.
 */
public final class AslExecution implements Runnable {
    public enum Status { RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED }

    private final String stateMachine;
    private final String name;
    private final JsonNode definition;
    private final JsonNode input;
    private final Instant startedAt;
    private final History history;
    private final Consumer<ExecutionSnapshot> checkpoints;
    /** Where a resumed execution goes on (null: from the start). */
    private final String resumeState;
    private final JsonNode resumeData;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Deadline deadline;
    private final Waiting waiting;
    private final DataFlow dataFlow;
    private final TaskState taskState;
    private final ParallelState parallelState;
    private final MapState mapState;
    private volatile Status status = Status.RUNNING;
    private volatile Instant stoppedAt;
    private volatile JsonNode output;
    private volatile String error;
    private volatile String cause;
    private volatile boolean stopRequested;
    private volatile boolean abortRequested;

    AslExecution(String stateMachine, String name, JsonNode definition, JsonNode input, TaskInvoker tasks, double waitScale,
                 Consumer<ExecutionSnapshot> checkpoints) {
        this(stateMachine, name, definition, input, Instant.now(), new History(), null, null, tasks, waitScale, checkpoints);
    }

    /** An execution that goes on from a snapshot (a finished one only reports what it did). */
    AslExecution(JsonNode definition, ExecutionSnapshot snapshot, TaskInvoker tasks, double waitScale, Consumer<ExecutionSnapshot> checkpoints) {
        this(snapshot.stateMachine(), snapshot.name(), definition, snapshot.input(), snapshot.startedAt(), new History(snapshot.history()),
                snapshot.nextState(), snapshot.data(), tasks, waitScale, checkpoints);
        if (snapshot.status() != Status.RUNNING) {
            status = snapshot.status();
            output = snapshot.output();
            error = snapshot.error();
            cause = snapshot.cause();
            stoppedAt = snapshot.stoppedAt();
            finished.countDown();
        }
    }

    private AslExecution(String stateMachine, String name, JsonNode definition, JsonNode input, Instant startedAt, History history,
                         String resumeState, JsonNode resumeData, TaskInvoker tasks, double waitScale, Consumer<ExecutionSnapshot> checkpoints) {
        this.stateMachine = stateMachine;
        this.name = name;
        this.definition = definition;
        this.input = input;
        this.startedAt = startedAt;
        this.history = history;
        this.resumeState = resumeState;
        this.resumeData = resumeData;
        this.checkpoints = checkpoints;
        this.deadline = new Deadline(definition, startedAt);
        this.waiting = new Waiting(waitScale, deadline, () -> stopRequested);
        this.dataFlow = new DataFlow(stateMachine, name, startedAt, input);
        this.taskState = new TaskState(dataFlow, tasks, history, waiting, deadline);
        this.parallelState = new ParallelState(dataFlow, this::runStates, waiting);
        this.mapState = new MapState(dataFlow, new MapItems(dataFlow, tasks), tasks, this::runStates, waiting);
    }

    @Override
    public void run() {
        if (status != Status.RUNNING) {
            return;
        }
        if (resumeState == null) {
            history.record("ExecutionStarted", null, input.toString());
        }
        try {
            output = resumeState == null ? runStates(definition, input) : runFrom(definition, resumeState, resumeData);
            finish(Status.SUCCEEDED, "ExecutionSucceeded", output.toString());
        } catch (TaskFailure failure) {
            error = failure.error();
            cause = failure.cause();
            if (stopRequested) {
                finish(Status.ABORTED, "ExecutionAborted", History.errorJson(failure));
            } else if (deadline.passed()) {
                finish(Status.TIMED_OUT, "ExecutionTimedOut", History.errorJson(failure));
            } else {
                finish(Status.FAILED, "ExecutionFailed", History.errorJson(failure));
            }
        } catch (RuntimeException e) {
            error = "States.Runtime";
            cause = String.valueOf(e.getMessage());
            finish(Status.FAILED, "ExecutionFailed", History.errorJson(new TaskFailure(error, cause)));
        }
    }

    /** What the execution has done so far; {@code nextState} and {@code data} say where it goes on. */
    public ExecutionSnapshot snapshot(String nextState, JsonNode data) {
        return new ExecutionSnapshot(stateMachine, name, input, startedAt, status, nextState, data, history.events(), output, error, cause,
                stoppedAt);
    }

    private void finish(Status end, String event, String detail) {
        stoppedAt = Instant.now();
        history.record(event, null, detail);
        status = end;
        // A stop is not an end: the process stops and the execution goes on when it comes back.
        if (!(end == Status.ABORTED && stopRequested && !abortRequested)) {
            checkpoints.accept(snapshot(null, null));
        }
        finished.countDown();
    }

    /** Runs a definition (the machine, or a Parallel branch / Map iterator) to its end. */
    private JsonNode runStates(JsonNode machine, JsonNode machineInput) throws TaskFailure {
        return runFrom(machine, machine.path("StartAt").asText(), machineInput);
    }

    private JsonNode runFrom(JsonNode machine, String first, JsonNode firstData) throws TaskFailure {
        String current = first;
        JsonNode data = firstData;
        while (true) {
            if (stopRequested) {
                throw TaskFailure.terminal("States.Aborted", "The execution was stopped");
            }
            if (machine == definition) {
                checkpoints.accept(snapshot(current, data));
            }
            deadline.check();
            JsonNode state = machine.path("States").get(current);
            if (state == null) {
                throw new TaskFailure("States.Runtime", "No state named " + current);
            }
            String type = state.path("Type").asText();
            history.entered(current);
            history.record(type + "StateEntered", current, data.toString());
            Step step = runState(current, state, data);
            history.record(type + "StateExited", current, step.output().toString());
            if (step.next() == null) {
                return step.output();
            }
            data = step.output();
            current = step.next();
        }
    }

    private Step runState(String stateName, JsonNode state, JsonNode raw) throws TaskFailure {
        String type = state.path("Type").asText();
        String next = state.path("End").asBoolean(false) ? null : state.path("Next").asText(null);
        switch (type) {
            case "Pass" -> {
                JsonNode effective = dataFlow.inputPath(raw, state);
                JsonNode result = state.has("Parameters") ? dataFlow.payload(state.get("Parameters"), effective, stateName)
                        : state.has("Result") ? state.get("Result") : effective;
                return new Step(DataFlow.effectiveOutput(raw, state, result), next);
            }
            case "Task" -> {
                return taskState.run(stateName, state, raw, next);
            }
            case "Choice" -> {
                JsonNode effective = dataFlow.inputPath(raw, state);
                for (JsonNode rule : state.path("Choices")) {
                    if (ChoiceRules.matches(rule, effective)) {
                        return new Step(DataFlow.outputPath(effective, state), rule.path("Next").asText());
                    }
                }
                if (state.has("Default")) {
                    return new Step(DataFlow.outputPath(effective, state), state.get("Default").asText());
                }
                throw new TaskFailure("States.NoChoiceMatched", "No choice rule of " + stateName + " matched and it has no Default");
            }
            case "Wait" -> {
                JsonNode effective = dataFlow.inputPath(raw, state);
                waiting.sleep(WaitState.seconds(state, effective));
                return new Step(DataFlow.outputPath(effective, state), next);
            }
            case "Succeed" -> {
                return new Step(DataFlow.outputPath(dataFlow.inputPath(raw, state), state), null);
            }
            case "Fail" -> {
                throw FailState.failure(stateName, state, raw, dataFlow);
            }
            case "Parallel" -> {
                return parallelState.run(stateName, state, raw, next);
            }
            case "Map" -> {
                return mapState.run(stateName, state, raw, next);
            }
            default -> throw new TaskFailure("States.Runtime", "Unknown state type " + type + " in " + stateName);
        }
    }

    public String name() {
        return name;
    }

    public Status status() {
        return status;
    }

    public JsonNode output() {
        return output;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant stoppedAt() {
        return stoppedAt;
    }

    public List<HistoryEvent> history() {
        return history.events();
    }

    /** The names of the states entered, in order (nested Parallel/Map states included). */
    public List<String> statesEntered() {
        return history.statesEntered();
    }

    public boolean await(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops running it (the process stops); its last snapshot says where it goes on. */
    public void stop() {
        stopRequested = true;
    }

    /** Ends it for good, as StopExecution does. */
    public void abort() {
        abortRequested = true;
        stopRequested = true;
    }
}
