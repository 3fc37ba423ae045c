package dev.berth.local.lambda;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment a local function gets: the template's variables (resolved), then the process's
 * {@code BERTH_*} variables (so a developer can override settings without editing the template),
 * then what the runtime owns (endpoint, region, the function's own name).
 */
public final class FunctionEnvironment {
    /** Never handed to functions: on AWS they do not see it either. */
    private static final Set<String> NOT_PASSED_THROUGH = Set.of("BERTH_ADMIN_TOKEN");

    private FunctionEnvironment() {
    }

    public static Map<String, String> build(String functionName, int memoryMb, Map<String, String> fromTemplate,
                                            Map<String, String> processEnvironment, Map<String, String> runtimeOwned) {
        Map<String, String> env = new LinkedHashMap<>(fromTemplate);
        processEnvironment.forEach((name, value) -> {
            if (name.startsWith("BERTH_") && !NOT_PASSED_THROUGH.contains(name) && !runtimeOwned.containsKey(name)) {
                env.put(name, value);
            }
        });
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
        env.putAll(runtimeOwned);
        return env;
    }
}
