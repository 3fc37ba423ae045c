package dev.berth.core.json;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Structured log lines: one JSON object per request or step, on standard output, which Lambda's
 * JSON log format ({@code LoggingConfig}) keeps as fields. Only on Lambda: the local runtime
 * prints its own request lines. Callers put ids, outcomes and durations in, never a secret.
 */
public final class LogLines {
    private static volatile java.util.function.Consumer<String> sink = System.getenv("AWS_EXECUTION_ENV") != null ? System.out::println : line -> { };

    private LogLines() {
    }

    public static ObjectNode line(String kind) {
        return JsonTrees.object().put("kind", kind);
    }

    public static void write(ObjectNode line) {
        sink.accept(JsonTrees.text(line));
    }

    /** Where lines go (tests read them); returns the previous sink. */
    public static java.util.function.Consumer<String> sendTo(java.util.function.Consumer<String> newSink) {
        java.util.function.Consumer<String> previous = sink;
        sink = newSink;
        return previous;
    }
}
