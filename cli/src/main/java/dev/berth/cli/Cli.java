package dev.berth.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything the CLI takes from the world around it: the environment, standard streams, whether
 * it talks to a terminal, the HTTP client. {@link #system()} is the real one; tests build their own
 * (their environment, a config file in a temporary folder, captured output) and never touch the
 * user's home directory.
 */
public final class Cli {
    private final Map<String, String> env;
    private final InputStream in;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Console console;
    private final HttpClient http;
    private BufferedReader stdinLines;
    private Duration pollInterval;
    private Consumer<HttpRequest> beforeSend = request -> { };

    /**
     * @param console the terminal, or null when not run from one (piped, in tests): no prompts
     *                without echo and no progress lines then
     */
    public Cli(Map<String, String> env, InputStream in, PrintWriter out, PrintWriter err, Console console) {
        this.env = Map.copyOf(env);
        this.in = in;
        this.out = out;
        this.err = err;
        this.console = console;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        long pollMillis = 1000;
        try {
            pollMillis = Long.parseLong(env.getOrDefault("BERTH_POLL_MS", "1000"));
        } catch (NumberFormatException e) {
            // keep the default
        }
        this.pollInterval = Duration.ofMillis(Math.max(10, pollMillis));
    }

    public static Cli system() {
        return new Cli(System.getenv(), System.in,
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
                System.console());
    }

    public String env(String name) {
        String value = env.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /** True when a person watches: progress lines and prompts without echo. */
    public boolean terminal() {
        return console != null;
    }

    public HttpClient http() {
        return http;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Cli pollInterval(Duration interval) {
        this.pollInterval = interval;
        return this;
    }

    /** Called with every request just before it is sent: tests use it to act between a read and a write. */
    public Cli beforeSend(Consumer<HttpRequest> hook) {
        this.beforeSend = hook;
        return this;
    }

    Consumer<HttpRequest> beforeSend() {
        return beforeSend;
    }

    /** Reads a secret: from the terminal without echo, else the first line of standard input. */
    public String readSecret(String prompt) {
        if (console != null) {
            char[] secret = console.readPassword("%s", prompt);
            return secret == null ? null : new String(secret).trim();
        }
        try {
            String line = stdin().readLine();
            return line == null ? null : line.trim();
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot read standard input: " + e.getMessage());
        }
    }

    /** All of standard input (for {@code --json -}). */
    public String readAllStdin() {
        try {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[8192];
            int n;
            while ((n = stdin().read(buffer)) >= 0) {
                text.append(buffer, 0, n);
            }
            return text.toString();
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot read standard input: " + e.getMessage());
        }
    }

    private BufferedReader stdin() {
        if (stdinLines == null) {
            stdinLines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return stdinLines;
    }

    public void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.FAILURE, "interrupted");
        }
    }
}
