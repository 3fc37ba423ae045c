package dev.berth.workflow.step;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The Lambda behind the Task states of a state machine: {@code {"step": name, ...}} in, the
 * step's output record out. Each step declares a record for its input (the Task's Parameters
 * without {@code step}) and returns a record; failures leave through {@link StepErrors}.
 */
public abstract class StepsHandler implements RequestStreamHandler, dev.berth.lambda.Primed {
    private static final ObjectMapper JSON = Json.MAPPER;

    private record Step<I>(Class<I> input, Function<I, ?> run) {
        Object apply(JsonNode parameters) {
            I value;
            try {
                value = JSON.treeToValue(parameters, input);
            } catch (IOException | IllegalArgumentException e) {
                throw new PermanentStepException("The step input does not fit " + input.getSimpleName() + ": " + e.getMessage(), e);
            }
            return run.apply(value);
        }
    }

    private final Map<String, Step<?>> steps = new LinkedHashMap<>();
    private Runnable primer = () -> { };
    private final dev.berth.lambda.SnapStartPriming priming = dev.berth.lambda.SnapStartPriming.register(this::prime);

    /** What SnapStart priming runs: a read that loads the SDK client and writes nothing (the root's). */
    protected final void primeWith(Runnable warmUp) {
        this.primer = warmUp;
    }

    @Override
    public final Object prime() {
        primer.run();
        return null;
    }

    protected final <I> void step(String name, Class<I> input, Function<I, ?> run) {
        steps.put(name, new Step<>(input, run));
    }

    /** Runs one step on its parameters; what the local runtime and tests call, as Lambda calls {@link #handleRequest}. */
    public final Object run(String name, JsonNode parameters) {
        Step<?> step = steps.get(name);
        if (step == null) {
            throw new PermanentStepException("Unknown step '" + name + "' (steps: " + String.join(", ", steps.keySet()) + ")", null);
        }
        try {
            Object output = step.apply(parameters);
            return output == null ? Map.of() : output;
        } catch (RuntimeException e) {
            throw StepErrors.translate(e);
        }
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode request = JSON.readTree(input);
        if (!(request instanceof ObjectNode parameters)) {
            throw new PermanentStepException("A step's input is a JSON object with its name in \"step\"", null);
        }
        String name = parameters.path("step").asText();
        parameters.remove("step");
        long started = System.nanoTime();
        ObjectNode line = dev.berth.core.json.LogLines.line("step").put("handler", getClass().getSimpleName()).put("step", name);
        parameters.fields().forEachRemaining(field -> {
            if (field.getKey().endsWith("Id") && field.getValue().isTextual()) {
                line.put(field.getKey(), field.getValue().asText()); // ids only: a step's other inputs are not logged
            }
        });
        try {
            JSON.writeValue(output, run(name, parameters));
            line.put("outcome", "ok");
        } catch (RuntimeException e) {
            line.put("outcome", e.getClass().getSimpleName());
            throw e;
        } finally {
            dev.berth.core.json.LogLines.write(line.put("durationMs", (System.nanoTime() - started) / 1_000_000));
        }
    }
}
