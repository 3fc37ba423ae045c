package dev.berth.core.port;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Adapters handed to a function from outside instead of being built from its environment: the
 * local runtime gives every handler its local compute provider, load balancer and workflow
 * engine this way. Lambda gives none, and each function builds its cloud adapters itself.
 */
public final class Adapters {
    public static final Adapters NONE = new Adapters(Map.of());
    private final Map<Class<?>, Object> byPort;

    private Adapters(Map<Class<?>, Object> byPort) {
        this.byPort = Map.copyOf(byPort);
    }

    public <T> Adapters with(Class<T> port, T adapter) {
        Map<Class<?>, Object> copy = new HashMap<>(byPort);
        copy.put(port, adapter);
        return new Adapters(copy);
    }

    public <T> Optional<T> find(Class<T> port) {
        return Optional.ofNullable(port.cast(byPort.get(port)));
    }

    /** The given adapter, or the one {@code fallback} builds (from the environment). */
    public <T> T get(Class<T> port, Supplier<T> fallback) {
        return find(port).orElseGet(fallback);
    }
}
