package dev.berth.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.berth.core.port.Adapters;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;

/**
 * One function of the template, run in this JVM. Like Lambda, each handler instance serves one
 * invocation at a time: concurrent invocations get more instances (created on demand, then kept),
 * so handlers need not be thread-safe locally any more than on AWS.
 *
 * <p>A handler is built with its public {@code (Map<String, String> env, Adapters adapters)}
 * constructor when it has one (the local runtime hands in local adapters: DynamoDB client,
 * workflow engine, compute...), else with {@code (Map<String, String> env)}.
 */
public final class LocalFunction {
    private final String name;
    private final String handlerClass;
    private final Map<String, String> environment;
    private final int timeoutSeconds;
    private final int memoryMb;
    private final Supplier<Adapters> adapters;
    private final ConcurrentLinkedDeque<RequestStreamHandler> idle = new ConcurrentLinkedDeque<>();
    private volatile Constructor<? extends RequestStreamHandler> constructor;
    private volatile boolean takesAdapters;
    private volatile String unavailable;
    private volatile boolean classChecked;

    public LocalFunction(String name, String handlerClass, Map<String, String> environment, int timeoutSeconds, int memoryMb,
                         Supplier<Adapters> adapters) {
        this.name = name;
        this.handlerClass = handlerClass;
        this.environment = Map.copyOf(environment);
        this.timeoutSeconds = timeoutSeconds;
        this.memoryMb = memoryMb;
        this.adapters = adapters;
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
        String reason = unavailable;
        if (reason == null && !classChecked) {
            try {
                Class.forName(handlerClass, false, LocalFunction.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                reason = handlerClass + " is not on the local runtime's classpath (is its module a dependency of local/pom.xml?)";
                unavailable = reason;
            }
            classChecked = true;
        }
        return reason;
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
            idle.push(handler);
        }
    }

    private RequestStreamHandler newHandler() {
        try {
            Constructor<? extends RequestStreamHandler> c = constructor();
            return takesAdapters ? c.newInstance(environment, adapters.get()) : c.newInstance(environment);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(handlerClass + "'s constructor failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + handlerClass + ": " + e, e);
        }
    }

    private Constructor<? extends RequestStreamHandler> constructor() {
        if (constructor == null) {
            Class<?> type;
            try {
                type = Class.forName(handlerClass);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(handlerClass
                        + " is not on the local runtime's classpath (is its module a dependency of local/pom.xml?)", e);
            }
            if (!RequestStreamHandler.class.isAssignableFrom(type)) {
                throw new IllegalStateException(handlerClass + " does not implement RequestStreamHandler");
            }
            Class<? extends RequestStreamHandler> handler = type.asSubclass(RequestStreamHandler.class);
            try {
                Constructor<? extends RequestStreamHandler> withAdapters = handler.getConstructor(Map.class, Adapters.class);
                takesAdapters = true;
                constructor = withAdapters;
            } catch (NoSuchMethodException noAdapters) {
                try {
                    constructor = handler.getConstructor(Map.class);
                } catch (NoSuchMethodException e) {
                    throw new IllegalStateException(handlerClass
                            + " needs a public constructor taking Map<String, String> (the function's environment)", e);
                }
            }
        }
        return constructor;
    }
}
