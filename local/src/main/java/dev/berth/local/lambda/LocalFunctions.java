package dev.berth.local.lambda;

import dev.berth.local.Component;
import dev.berth.local.template.FunctionResource;
import dev.berth.local.template.CloudFormationIntrinsics;
import dev.berth.local.template.LocalAws;
import dev.berth.local.template.Template;
import java.util.Collection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every {@code AWS::Serverless::Function} of the template, by name. Other components find
 * functions here: the HTTP API by route, a state machine runner by the ARN in its
 * DefinitionSubstitutions ({@link #get(String)} takes either), a scheduler by logical id.
 */
public final class LocalFunctions implements Component {
    private final Map<String, LocalFunction> functions;
    private final List<String> warnings = new ArrayList<>();

    public LocalFunctions(Map<String, LocalFunction> functions) {
        this.functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
    }

    /**
     * @param runtimeOwned variables the runtime sets on every function (endpoint, region, ...)
     * @param catalog      builds the handlers (at start, so its adapters may be completed until then)
     */
    public static LocalFunctions fromTemplate(Template template, CloudFormationIntrinsics intrinsics, Map<String, String> processEnvironment,
                                              Map<String, String> runtimeOwned, HandlerCatalog catalog,
                                              dev.berth.local.usage.LocalUsage usage) {
        Map<String, LocalFunction> out = new LinkedHashMap<>();
        for (FunctionResource f : template.functions().values()) {
            if (!f.handlerMethod().equals("handleRequest")) {
                throw new IllegalStateException("Function " + f.logicalId() + ": the local runtime calls RequestStreamHandler.handleRequest, "
                        + "not " + f.handlerMethod());
            }
            Map<String, String> env = FunctionEnvironment.build(f.logicalId(), f.memorySizeMb(), intrinsics.environmentOf(f),
                    processEnvironment, runtimeOwned);
            out.put(f.logicalId(), new LocalFunction(f.logicalId(), f.handlerClass(), env, f.timeoutSeconds(), f.memorySizeMb(),
                    catalog, usage));
        }
        return new LocalFunctions(out);
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

    /** Functions that could not be prepared at start (handler class missing, constructor failing), with the reason. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /**
     * Builds one handler of each function. One that cannot be built (a module still being
     * written, a setting only a component not yet plugged in provides) does not keep the rest of
     * the system from running: it is reported, and its routes answer 503 with the reason.
     */
    @Override
    public void start() {
        for (LocalFunction f : functions.values()) {
            if (!f.warmUp()) {
                warnings.add("function " + f.name() + " is not available: " + f.unavailableReason());
            }
        }
    }

    @Override
    public void stop() {
        // Handler instances hold SDK clients with no threads of their own; the JVM reclaims them.
    }
}
