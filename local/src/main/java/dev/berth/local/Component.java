package dev.berth.local;

/**
 * One part of the local runtime (DynamoDB Local, the tables, the functions, the HTTP API, later
 * state machines, schedules, proxies). {@link LocalRuntime} starts components in the order they
 * were added and stops them in reverse order; {@code stop} is called only after a successful
 * {@code start} and should not throw for a component that is already stopped.
 */
public interface Component {
    String name();

    void start() throws Exception;

    void stop() throws Exception;

    /** A component made of two actions, for steps that need no class of their own. */
    static Component of(String name, Action start, Action stop) {
        return new Component() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() throws Exception {
                start.run();
            }

            @Override
            public void stop() throws Exception {
                stop.run();
            }
        };
    }

    /** A start or stop action. */
    @FunctionalInterface
    interface Action {
        Action NONE = () -> { };

        void run() throws Exception;
    }
}
