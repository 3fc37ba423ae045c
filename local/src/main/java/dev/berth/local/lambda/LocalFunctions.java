package dev.berth.local.lambda;

import dev.berth.core.port.Adapters;
import dev.berth.local.Component;
import dev.berth.local.template.FunctionResource;
import dev.berth.local.template.Intrinsics;
import dev.berth.local.template.LocalAws;
import dev.berth.local.template.Template;
import java.util.Collection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every {@code AWS::Serverless::Function} of the template, by name. Other components find
 * functions here: the HTTP API by route, a state machine runner by the ARN in its
 * DefinitionSubstitutions ({@link #get(String)} takes either), a scheduler by logical id.
 */
public final class LocalFunctions implements Component {
    private final Map<String, LocalFunction> functions;
    private final Set<String> required;
    private final List<String> warnings = new ArrayList<>();

    /**
     * @param required the functions that must work at start (those behind HTTP routes); the others
     *                 may lack their handler class (a module still being written) and fail when invoked
     */
    public LocalFunctions(Map<String, LocalFunction> functions, Set<String> required) {
        this.functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
        this.required = Set.copyOf(required);
    }

    /**
     * @param runtimeOwned variables the runtime sets on every function (endpoint, region, ...)
     * @param adapters     read when handlers are built (at start), so components may add theirs until then
     */
    public static LocalFunctions fromTemplate(Template template, Intrinsics intrinsics, Map<String, String> processEnvironment,
                                              Map<String, String> runtimeOwned, Supplier<Adapters> adapters) {
        Map<String, LocalFunction> out = new LinkedHashMap<>();
        for (FunctionResource f : template.functions().values()) {
            if (!f.handlerMethod().equals("handleRequest")) {
                throw new IllegalStateException("Function " + f.logicalId() + ": the local runtime calls RequestStreamHandler.handleRequest, "
                        + "not " + f.handlerMethod());
            }
            Map<String, String> env = FunctionEnvironment.build(f.logicalId(), f.memorySizeMb(), intrinsics.environmentOf(f),
                    processEnvironment, runtimeOwned);
            out.put(f.logicalId(), new LocalFunction(f.logicalId(), f.handlerClass(), env, f.timeoutSeconds(), f.memorySizeMb(),
                    adapters));
        }
        Set<String> required = new java.util.HashSet<>();
        template.functions().values().stream().filter(f -> !f.httpApiEvents().isEmpty()).forEach(f -> required.add(f.logicalId()));
        return new LocalFunctions(out, required);
    }

    /** A function by logical id (its local name) or by its local ARN. */
    public LocalFunction get(String nameOrArn) {
        LocalFunction f = functions.get(LocalAws.functionNameOf(nameOrArn));
        if (f == null) {
            throw new IllegalArgumentException("No function " + nameOrArn + " in the template (functions: " + functions.keySet() + ")");
        }
        return f;
    }

    public Collection<LocalFunction> all() {
        return functions.values();
    }

    @Override
    public String name() {
        return "functions";
    }

    /** Functions that could not be prepared at start (their handler class is missing). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void start() {
        for (LocalFunction f : functions.values()) {
            if (!required.contains(f.name()) && !f.isAvailable()) {
                warnings.add("function " + f.name() + " is not available (" + f.handlerClass()
                        + " is not on the classpath); invoking it will fail");
                continue;
            }
            f.warmUp();
        }
    }

    @Override
    public void stop() {
        // Handler instances hold SDK clients with no threads of their own; the JVM reclaims them.
    }
}
