package dev.berth.lambda;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Runs a function's request path once before Lambda snapshots it (SnapStart), so that classes are
 * loaded, the SDK client is warm and the JIT has seen the code when a restored copy answers its
 * first request. The priming must leave no trace: a request refused before it reads or writes
 * anything of value (an unknown token, a missing item). Elsewhere the hook is never called.
 */
public final class SnapStartPriming implements Resource {
    private final Runnable prime;

    private SnapStartPriming(Runnable prime) {
        this.prime = prime;
    }

    /** Registers the hook; the caller keeps the answer (the runtime holds hooks weakly). */
    public static SnapStartPriming register(Runnable prime) {
        SnapStartPriming priming = new SnapStartPriming(prime);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        // Reads build no mapper (JsonTrees), but a route or step that binds records does: the snapshot holds it built.
        dev.berth.core.json.Json.write(java.util.Map.of("primed", java.time.Instant.EPOCH));
        try {
            prime.run();
        } catch (RuntimeException e) {
            // A snapshot without priming is slower to answer first, not wrong.
            System.err.println("SnapStart priming failed: " + e);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
    }
}
