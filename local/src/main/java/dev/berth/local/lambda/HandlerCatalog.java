package dev.berth.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the local runtime builds a template function's handler, by the class name template.yaml
 * gives: through the deployable's composition root with the local adapters (no reflection).
 */
@FunctionalInterface
public interface HandlerCatalog {

    /** A factory for the handler, given the function's environment; empty when this runtime does not know the class. */
    Optional<Function<Map<String, String>, RequestStreamHandler>> factory(String handlerClass);
}
