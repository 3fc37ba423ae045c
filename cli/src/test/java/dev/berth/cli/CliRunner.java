package dev.berth.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.net.http.HttpRequest;

/** Runs the CLI in-process through its picocli entry point, with a given environment and captured output. */
final class CliRunner {
    /** One run's outcome. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Map<String, String> env;
    private String stdin = "";
    private Consumer<HttpRequest> hook = request -> { };

    CliRunner(Map<String, String> env) {
        this.env = new LinkedHashMap<>(env);
    }

    CliRunner with(String name, String value) {
        CliRunner copy = new CliRunner(env);
        if (value == null) {
            copy.env.remove(name);
        } else {
            copy.env.put(name, value);
        }
        copy.stdin = stdin;
        copy.hook = hook;
        return copy;
    }

    CliRunner stdin(String text) {
        CliRunner copy = new CliRunner(env);
        copy.stdin = text;
        copy.hook = hook;
        return copy;
    }

    CliRunner beforeSend(Consumer<HttpRequest> beforeSend) {
        CliRunner copy = new CliRunner(env);
        copy.stdin = stdin;
        copy.hook = beforeSend;
        return copy;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Cli cli = new Cli(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out), new PrintWriter(err), null)
                .pollInterval(Duration.ofMillis(200)).beforeSend(hook);
        int code = Berth.run(cli, args);
        return new Result(code, out.toString(), err.toString());
    }
}
