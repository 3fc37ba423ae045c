package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One execution of a state machine, run by the local interpreter as the States Language
 * specification says: InputPath, Parameters, ResultSelector, ResultPath and OutputPath in that
 * order; Retry then Catch on errors; Choice rules; scaled Waits. Its history has the events Step
 * Functions records.
 */
public final class AslExecution implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public enum Status { RUNNING, SUCCEEDED, FAILED, ABORTED }

    private final String stateMachine;
    private final String name;
    private final JsonNode definition;
    private final JsonNode input;
    private final TaskInvoker tasks;
    private final double waitScale;
    private final Instant startedAt = Instant.now();
    private final List<HistoryEvent> history = new CopyOnWriteArrayList<>();
    private final AtomicLong eventIds = new AtomicLong();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Status status = Status.RUNNING;
    private volatile Instant stoppedAt;
    private volatile JsonNode output;
    private volatile String error;
    private volatile String cause;
    private volatile boolean stopRequested;
    private final List<String> statesEntered = new CopyOnWriteArrayList<>();

    AslExecution(String stateMachine, String name, JsonNode definition, JsonNode input, TaskInvoker tasks, double waitScale) {
        this.stateMachine = stateMachine;
        this.name = name;
        this.definition = definition;
        this.input = input;
        this.tasks = tasks;
        this.waitScale = waitScale;
    }

    @Override
    public void run() {
        record("ExecutionStarted", null, input.toString());
        try {
            output = runStates(definition, input);
            finish(Status.SUCCEEDED, "ExecutionSucceeded", output.toString());
        } catch (TaskFailure failure) {
            error = failure.error();
            cause = failure.cause();
            finish(stopRequested ? Status.ABORTED : Status.FAILED, stopRequested ? "ExecutionAborted" : "ExecutionFailed", errorJson(failure));
        } catch (RuntimeException e) {
            error = "States.Runtime";
            cause = String.valueOf(e.getMessage());
            finish(Status.FAILED, "ExecutionFailed", errorJson(new TaskFailure(error, cause)));
        }
    }

    private void finish(Status end, String event, String detail) {
        stoppedAt = Instant.now();
        status = end;
        record(event, null, detail);
        finished.countDown();
    }

    /** Runs a definition (the machine, or a Parallel branch / Map iterator) to its end. */
    private JsonNode runStates(JsonNode machine, JsonNode machineInput) throws TaskFailure {
        String current = machine.path("StartAt").asText();
        JsonNode data = machineInput;
        while (true) {
            if (stopRequested) {
                throw new TaskFailure("States.Aborted", "The execution was stopped");
            }
            JsonNode state = machine.path("States").get(current);
            if (state == null) {
                throw new TaskFailure("States.Runtime", "No state named " + current);
            }
            statesEntered.add(current);
            record(type(state) + "StateEntered", current, data.toString());
            Step step = runState(current, state, data);
            record(type(state) + "StateExited", current, step.output().toString());
            if (step.next() == null) {
                return step.output();
            }
            data = step.output();
            current = step.next();
        }
    }

    private record Step(JsonNode output, String next) {
    }

    private Step runState(String stateName, JsonNode state, JsonNode raw) throws TaskFailure {
        String type = state.path("Type").asText();
        String next = state.path("End").asBoolean(false) ? null : state.path("Next").asText(null);
        switch (type) {
            case "Pass" -> {
                JsonNode effective = path(raw, state, "InputPath");
                JsonNode result = state.has("Parameters") ? parameters(state.get("Parameters"), effective, stateName)
                        : state.has("Result") ? state.get("Result") : effective;
                return new Step(outputPath(resultPath(raw, state, result), state), next);
            }
            case "Task" -> {
                return task(stateName, state, raw, next);
            }
            case "Choice" -> {
                JsonNode effective = path(raw, state, "InputPath");
                for (JsonNode rule : state.path("Choices")) {
                    if (matches(rule, effective)) {
                        return new Step(outputPath(effective, state), rule.path("Next").asText());
                    }
                }
                if (state.has("Default")) {
                    return new Step(outputPath(effective, state), state.get("Default").asText());
                }
                throw new TaskFailure("States.NoChoiceMatched", "No choice rule of " + stateName + " matched and it has no Default");
            }
            case "Wait" -> {
                JsonNode effective = path(raw, state, "InputPath");
                sleep(waitSeconds(state, effective));
                return new Step(outputPath(effective, state), next);
            }
            case "Succeed" -> {
                return new Step(outputPath(path(raw, state, "InputPath"), state), null);
            }
            case "Fail" -> {
                String errorName = state.has("ErrorPath") ? text(JsonPaths.read(raw, state.get("ErrorPath").asText())) : state.path("Error").asText("States.Fail");
                String why = state.has("CausePath") ? text(JsonPaths.read(raw, state.get("CausePath").asText())) : state.path("Cause").asText(null);
                throw new TaskFailure(errorName, why);
            }
            case "Parallel", "Map" -> {
                return composite(stateName, state, raw, next);
            }
            default -> throw new TaskFailure("States.Runtime", "Unknown state type " + type + " in " + stateName);
        }
    }

    private Step task(String stateName, JsonNode state, JsonNode raw, String next) throws TaskFailure {
        JsonNode effective = path(raw, state, "InputPath");
        JsonNode parameters = state.has("Parameters") ? parameters(state.get("Parameters"), effective, stateName) : effective;
        String resource = state.path("Resource").asText();
        int[] attempts = new int[state.path("Retry").size()];
        while (true) {
            try {
                record("TaskScheduled", stateName, parameters.toString());
                JsonNode result = invokeWithTimeout(state, stateName, resource, parameters);
                record("TaskSucceeded", stateName, result.toString());
                if (state.has("ResultSelector")) {
                    result = parameters(state.get("ResultSelector"), result, stateName);
                }
                return new Step(outputPath(resultPath(raw, state, result), state), next);
            } catch (TaskFailure failure) {
                record("TaskFailed", stateName, errorJson(failure));
                Duration delay = retryDelay(state.path("Retry"), attempts, failure.error());
                if (delay != null) {
                    sleep(delay.toMillis() / 1000.0);
                    continue;
                }
                return caught(state, raw, failure);
            }
        }
    }

    /** TimeoutSeconds: a task that runs longer fails with {@code States.Timeout} (its result, if any, is dropped). */
    private JsonNode invokeWithTimeout(JsonNode state, String stateName, String resource, JsonNode parameters) throws TaskFailure {
        if (!state.has("TimeoutSeconds")) {
            return tasks.invoke(stateName, resource, parameters);
        }
        java.util.concurrent.FutureTask<JsonNode> call = new java.util.concurrent.FutureTask<>(() -> tasks.invoke(stateName, resource, parameters));
        Thread worker = new Thread(call, "task-" + stateName);
        worker.setDaemon(true);
        worker.start();
        try {
            return call.get((long) (state.get("TimeoutSeconds").asDouble() * 1000), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            worker.interrupt();
            throw new TaskFailure("States.Timeout", "The task of " + stateName + " ran longer than " + state.get("TimeoutSeconds").asText() + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof TaskFailure failure) {
                throw failure;
            }
            throw new TaskFailure("States.Runtime", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskFailure("States.Aborted", "Interrupted");
        }
    }

    private Step composite(String stateName, JsonNode state, JsonNode raw, String next) throws TaskFailure {
        JsonNode effective = path(raw, state, "InputPath");
        int[] attempts = new int[state.path("Retry").size()];
        while (true) {
            try {
                ArrayNode results = NODES.arrayNode();
                if (state.path("Type").asText().equals("Parallel")) {
                    JsonNode branchInput = state.has("Parameters") ? parameters(state.get("Parameters"), effective, stateName) : effective;
                    for (JsonNode branch : state.path("Branches")) {
                        results.add(runStates(branch, branchInput));
                    }
                } else {
                    JsonNode items = state.has("ItemsPath") ? JsonPaths.read(effective, state.get("ItemsPath").asText()) : effective;
                    if (items == null || !items.isArray()) {
                        throw new TaskFailure("States.Runtime", "The items of " + stateName + " are not an array");
                    }
                    JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
                    JsonNode selector = state.has("ItemSelector") ? state.get("ItemSelector") : state.get("Parameters");
                    for (int i = 0; i < items.size(); i++) {
                        JsonNode item = items.get(i);
                        JsonNode itemInput = selector == null ? item : parameters(selector, effective, stateName, i, item);
                        results.add(runStates(processor, itemInput));
                    }
                }
                JsonNode result = state.has("ResultSelector") ? parameters(state.get("ResultSelector"), results, stateName) : results;
                return new Step(outputPath(resultPath(raw, state, result), state), next);
            } catch (TaskFailure failure) {
                Duration delay = retryDelay(state.path("Retry"), attempts, failure.error());
                if (delay != null) {
                    sleep(delay.toMillis() / 1000.0);
                    continue;
                }
                return caught(state, raw, failure);
            }
        }
    }

    /** The first catcher matching the error, or the error goes up. */
    private Step caught(JsonNode state, JsonNode raw, TaskFailure failure) throws TaskFailure {
        for (JsonNode catcher : state.path("Catch")) {
            if (matchesError(catcher.path("ErrorEquals"), failure.error())) {
                ObjectNode errorOutput = NODES.objectNode().put("Error", failure.error()).put("Cause", failure.cause());
                String resultPath = catcher.has("ResultPath") ? (catcher.get("ResultPath").isNull() ? null : catcher.get("ResultPath").asText()) : "$";
                JsonNode output = resultPath == null ? raw : JsonPaths.write(raw, resultPath, errorOutput);
                return new Step(output, catcher.path("Next").asText());
            }
        }
        throw failure;
    }

    /** The delay before the next attempt, or null when no retrier allows one. */
    private static Duration retryDelay(JsonNode retriers, int[] attempts, String errorName) {
        for (int i = 0; i < retriers.size(); i++) {
            JsonNode retrier = retriers.get(i);
            if (!matchesError(retrier.path("ErrorEquals"), errorName)) {
                continue;
            }
            int max = retrier.path("MaxAttempts").asInt(3);
            if (attempts[i] >= max) {
                return null;
            }
            double interval = retrier.path("IntervalSeconds").asDouble(1) * Math.pow(retrier.path("BackoffRate").asDouble(2.0), attempts[i]);
            if (retrier.has("MaxDelaySeconds")) {
                interval = Math.min(interval, retrier.get("MaxDelaySeconds").asDouble());
            }
            attempts[i]++;
            if ("FULL".equals(retrier.path("JitterStrategy").asText("NONE"))) {
                interval = interval * java.util.concurrent.ThreadLocalRandom.current().nextDouble();
            }
            return Duration.ofMillis((long) (interval * 1000));
        }
        return null;
    }

    private static boolean matchesError(JsonNode errorEquals, String errorName) {
        for (JsonNode e : errorEquals) {
            String name = e.asText();
            if (name.equals(errorName) || name.equals("States.ALL") && !errorName.equals("States.Runtime")
                    || name.equals("States.TaskFailed") && !errorName.startsWith("States.")) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(JsonNode rule, JsonNode data) throws TaskFailure {
        if (rule.has("And")) {
            for (JsonNode r : rule.get("And")) {
                if (!matches(r, data)) {
                    return false;
                }
            }
            return true;
        }
        if (rule.has("Or")) {
            for (JsonNode r : rule.get("Or")) {
                if (matches(r, data)) {
                    return true;
                }
            }
            return false;
        }
        if (rule.has("Not")) {
            return !matches(rule.get("Not"), data);
        }
        String variable = rule.path("Variable").asText();
        JsonNode value = JsonPaths.read(data, variable);
        Iterator<Map.Entry<String, JsonNode>> fields = rule.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String op = field.getKey();
            if (op.equals("Variable") || op.equals("Next")) {
                continue;
            }
            JsonNode expected = op.endsWith("Path") && !op.equals("IsPresent") ? JsonPaths.read(data, field.getValue().asText()) : field.getValue();
            String base = op.endsWith("Path") ? op.substring(0, op.length() - 4) : op;
            if (base.equals("IsPresent")) {
                return (value != null) == expected.asBoolean();
            }
            if (value == null) {
                throw new TaskFailure("States.Runtime", "Invalid path " + variable + ": the choice state's input has no such field");
            }
            return switch (base) {
                case "IsNull" -> value.isNull() == expected.asBoolean();
                case "IsString" -> value.isTextual() == expected.asBoolean();
                case "IsNumeric" -> value.isNumber() == expected.asBoolean();
                case "IsBoolean" -> value.isBoolean() == expected.asBoolean();
                case "StringEquals" -> value.isTextual() && value.asText().equals(expected.asText());
                case "StringMatches" -> value.isTextual() && value.asText().matches(glob(expected.asText()));
                case "StringLessThan" -> value.isTextual() && value.asText().compareTo(expected.asText()) < 0;
                case "StringGreaterThan" -> value.isTextual() && value.asText().compareTo(expected.asText()) > 0;
                case "NumericEquals" -> value.isNumber() && value.asDouble() == expected.asDouble();
                case "NumericLessThan" -> value.isNumber() && value.asDouble() < expected.asDouble();
                case "NumericGreaterThan" -> value.isNumber() && value.asDouble() > expected.asDouble();
                case "NumericLessThanEquals" -> value.isNumber() && value.asDouble() <= expected.asDouble();
                case "NumericGreaterThanEquals" -> value.isNumber() && value.asDouble() >= expected.asDouble();
                case "BooleanEquals" -> value.isBoolean() && value.asBoolean() == expected.asBoolean();
                case "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals", "TimestampGreaterThanEquals" ->
                        compareTimestamps(base, value, expected);
                default -> throw new TaskFailure("States.Runtime", "The local interpreter does not know the comparison " + op);
            };
        }
        throw new TaskFailure("States.Runtime", "A choice rule without a comparison: " + rule);
    }

    private static boolean compareTimestamps(String op, JsonNode value, JsonNode expected) {
        if (!value.isTextual()) {
            return false;
        }
        int c = Instant.parse(value.asText()).compareTo(Instant.parse(expected.asText()));
        return switch (op) {
            case "TimestampEquals" -> c == 0;
            case "TimestampLessThan" -> c < 0;
            case "TimestampGreaterThan" -> c > 0;
            case "TimestampLessThanEquals" -> c <= 0;
            default -> c >= 0;
        };
    }

    private static String glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '*') {
                regex.append(".*");
            } else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    private double waitSeconds(JsonNode state, JsonNode data) throws TaskFailure {
        if (state.has("Seconds")) {
            return state.get("Seconds").asDouble();
        }
        if (state.has("SecondsPath")) {
            JsonNode value = JsonPaths.read(data, state.get("SecondsPath").asText());
            if (value == null || !value.isNumber()) {
                throw new TaskFailure("States.Runtime", "SecondsPath " + state.get("SecondsPath").asText() + " is not a number");
            }
            return value.asDouble();
        }
        String timestamp = state.has("Timestamp") ? state.get("Timestamp").asText() : text(JsonPaths.read(data, state.path("TimestampPath").asText("$")));
        return Math.max(0, Duration.between(Instant.now(), Instant.parse(timestamp)).toMillis() / 1000.0);
    }

    private void sleep(double seconds) throws TaskFailure {
        long millis = (long) (seconds * 1000 * waitScale);
        try {
            if (millis > 0 && finished.await(0, TimeUnit.MILLISECONDS) == false) {
                long end = System.currentTimeMillis() + millis;
                while (System.currentTimeMillis() < end && !stopRequested) {
                    Thread.sleep(Math.min(100, Math.max(1, end - System.currentTimeMillis())));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskFailure("States.Aborted", "Interrupted");
        }
    }

    private JsonNode parameters(JsonNode template, JsonNode data, String stateName) throws TaskFailure {
        return parameters(template, data, stateName, -1, null);
    }

    /** Parameters / ResultSelector / ItemSelector: keys ending in {@code .$} take a path, a context path or an intrinsic. */
    private JsonNode parameters(JsonNode template, JsonNode data, String stateName, int mapIndex, JsonNode mapItem) throws TaskFailure {
        if (template.isArray()) {
            ArrayNode out = NODES.arrayNode();
            for (JsonNode element : template) {
                out.add(parameters(element, data, stateName, mapIndex, mapItem));
            }
            return out;
        }
        if (!template.isObject()) {
            return template;
        }
        ObjectNode out = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = template.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (!key.endsWith(".$")) {
                out.set(key, parameters(field.getValue(), data, stateName, mapIndex, mapItem));
                continue;
            }
            String expression = field.getValue().asText();
            JsonNode context = context(stateName, mapIndex, mapItem);
            JsonNode value;
            if (expression.startsWith("$$")) {
                value = JsonPaths.read(context, expression.substring(1));
            } else if (expression.startsWith("$")) {
                value = JsonPaths.read(data, expression);
            } else {
                value = IntrinsicFunctions.evaluate(expression, p -> p.startsWith("$$") ? JsonPaths.read(context, p.substring(1)) : JsonPaths.read(data, p));
            }
            if (value == null) {
                throw new TaskFailure("States.Runtime", "The path " + expression + " in " + stateName + " is missing from the input");
            }
            out.set(key.substring(0, key.length() - 2), value);
        }
        return out;
    }

    private JsonNode context(String stateName, int mapIndex, JsonNode mapItem) {
        ObjectNode context = NODES.objectNode();
        context.putObject("Execution").put("Id", "arn:aws:states:local:000000000000:execution:" + stateMachine + ":" + name)
                .put("Name", name).put("StartTime", startedAt.toString()).set("Input", input);
        context.putObject("State").put("Name", stateName).put("EnteredTime", Instant.now().toString());
        context.putObject("StateMachine").put("Id", "arn:aws:states:local:000000000000:stateMachine:" + stateMachine).put("Name", stateMachine);
        if (mapIndex >= 0) {
            context.putObject("Map").putObject("Item").put("Index", mapIndex).set("Value", mapItem);
        }
        return context;
    }

    private static JsonNode path(JsonNode raw, JsonNode state, String field) throws TaskFailure {
        if (!state.has(field)) {
            return raw;
        }
        if (state.get(field).isNull()) {
            return NODES.objectNode();
        }
        JsonNode value = JsonPaths.read(raw, state.get(field).asText());
        if (value == null) {
            throw new TaskFailure("States.Runtime", field + " " + state.get(field).asText() + " is missing from the input");
        }
        return value;
    }

    private static JsonNode resultPath(JsonNode raw, JsonNode state, JsonNode result) throws TaskFailure {
        if (!state.has("ResultPath")) {
            return result;
        }
        if (state.get("ResultPath").isNull()) {
            return raw;
        }
        try {
            return JsonPaths.write(raw, state.get("ResultPath").asText(), result);
        } catch (IllegalArgumentException e) {
            throw new TaskFailure("States.ResultPathMatchFailure", e.getMessage());
        }
    }

    private static JsonNode outputPath(JsonNode data, JsonNode state) throws TaskFailure {
        return path(data, state, "OutputPath");
    }

    private static String type(JsonNode state) {
        return state.path("Type").asText();
    }

    private static String text(JsonNode node) {
        return node == null ? null : node.isTextual() ? node.asText() : node.toString();
    }

    private static String errorJson(TaskFailure failure) {
        return NODES.objectNode().put("error", failure.error()).put("cause", failure.cause()).toString();
    }

    private void record(String type, String state, String detail) {
        history.add(new HistoryEvent(eventIds.incrementAndGet(), type, state, Instant.now(), detail));
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
        return List.copyOf(history);
    }

    /** The names of the states entered, in order (nested Parallel/Map states included). */
    public List<String> statesEntered() {
        return new ArrayList<>(statesEntered);
    }

    public boolean await(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stop() {
        stopRequested = true;
    }

    static TextNode text(String value) {
        return TextNode.valueOf(value);
    }

    static ObjectMapper json() {
        return JSON;
    }
}
