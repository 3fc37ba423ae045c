package dev.berth.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * One function of the template, run in this JVM. Like Lambda, each handler instance serves one
 * invocation at a time: concurrent invocations get more instances (created on demand, then kept),
 * so handlers need not be thread-safe locally any more than on AWS. Handlers are built by the
 * {@link HandlerCatalog} from the function's environment.
 */
public final class LocalFunction {
    private final String name;
    private final String handlerClass;
    private final Map<String, String> environment;
    private final int timeoutSeconds;
    private final int memoryMb;
    private final HandlerCatalog catalog;
    private final dev.berth.local.usage.LocalUsage usage;
    private final ConcurrentLinkedDeque<RequestStreamHandler> idle = new ConcurrentLinkedDeque<>();
    private volatile String unavailable;

    public LocalFunction(String name, String handlerClass, Map<String, String> environment, int timeoutSeconds, int memoryMb,
                         HandlerCatalog catalog, dev.berth.local.usage.LocalUsage usage) {
        this.usage = usage;
        this.name = name;
        this.handlerClass = handlerClass;
        this.environment = Map.copyOf(environment);
        this.timeoutSeconds = timeoutSeconds;
        this.memoryMb = memoryMb;
        this.catalog = catalog;
    }

    public String name() {
        return name;
    }

    public String handlerClass() {
        return handlerClass;
    }

    /** The environment the handler is constructed with (contains secrets: do not print it). */
    public Map<String, String> environment() {
        return environment;
    }

    /** Whether the function can be invoked: its handler class loads and its first instance was built. */
    public boolean isAvailable() {
        return unavailableReason() == null;
    }

    /** Why the function cannot be invoked, or null when it can. */
    public String unavailableReason() {
        if (unavailable == null && catalog.factory(handlerClass).isEmpty()) {
            unavailable = handlerClass + " is not a handler of the local runtime's catalog (ApiRoot.HANDLERS, WorkflowRoot.HANDLERS)";
        }
        return unavailable;
    }

    /**
     * Creates the first handler instance, so a broken handler shows at start rather than at the
     * first request. Returns false (and the function becomes unavailable) when it cannot be built.
     */
    public boolean warmUp() {
        if (!isAvailable()) {
            return false;
        }
        try {
            idle.push(newHandler());
            return true;
        } catch (RuntimeException e) {
            unavailable = e.getMessage();
            return false;
        }
    }

    /** Runs the handler on {@code payload} (the event JSON) and returns what it wrote. */
    public byte[] invoke(byte[] payload, String requestId) throws FunctionFailedException {
        RequestStreamHandler handler = idle.poll();
        if (handler == null) {
            handler = newHandler();
        }
        long started = System.nanoTime();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(payload), out,
                    new LocalContext(requestId, name, memoryMb, timeoutSeconds));
            return out.toByteArray();
        } catch (Exception | Error e) {
            if (e instanceof VirtualMachineError vm) {
                throw vm;
            }
            throw new FunctionFailedException(name, requestId, e);
        } finally {
            usage.invocation(System.nanoTime() - started, memoryMb);
            idle.push(handler);
        }
    }

    /** A fresh handler, as Lambda builds one for a new execution environment (the SnapStart priming test primes it). */
    public RequestStreamHandler newInstance() {
        return newHandler();
    }

    private RequestStreamHandler newHandler() {
        var factory = catalog.factory(handlerClass)
                .orElseThrow(() -> new IllegalStateException(handlerClass + " is not a handler of the local runtime's catalog"));
        try {
            return factory.apply(environment);
        } catch (RuntimeException e) {
            throw new IllegalStateException(handlerClass + " could not be built: " + e.getMessage(), e);
        }
    }
}
