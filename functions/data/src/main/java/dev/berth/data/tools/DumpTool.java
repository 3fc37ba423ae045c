package dev.berth.data.tools;

import dev.berth.core.data.DataServer;
import dev.berth.core.data.DataServerFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a database's own dump or client tool ({@code mysqldump}, {@code pg_dump}, {@code psql}, ...)
 * with streams in and out. Credentials reach it only through a 0600 file named by an option or
 * an environment variable, deleted afterwards: never on its command line, where {@code ps}
 * would show them to every user of the machine.
 */
public final class DumpTool {
    private static final long TIMEOUT_HOURS = 6;

    private DumpTool() {
    }

    /** A file only this user can read, holding {@code content}; the caller deletes it. */
    public static Path secretFile(String prefix, String content) {
        try {
            Path file = Files.createTempFile(prefix, ".cnf", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("Could not write a credentials file: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code command} (its first word found on PATH, or the first of {@code alternatives}
     * that is), feeding {@code in} (may be null) and copying its standard output to {@code out}
     * (may be null). A non-zero exit is a failure naming the server and the tool's last error line.
     */
    public static void run(DataServer server, List<String> command, Map<String, String> environment, InputStream in, OutputStream out) {
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, find(command.get(0)));
        ProcessBuilder builder = new ProcessBuilder(resolved).redirectError(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> {
                try (OutputStream stdin = process.getOutputStream()) {
                    if (in != null) {
                        in.transferTo(stdin);
                    }
                } catch (IOException e) {
                    // the tool stopped reading; its exit status says why
                }
            });
            try (InputStream stdout = process.getInputStream()) {
                if (out != null) {
                    stdout.transferTo(out);
                } else {
                    stdout.transferTo(OutputStream.nullOutputStream());
                }
            }
            if (!process.waitFor(TIMEOUT_HOURS, TimeUnit.HOURS)) {
                process.destroyForcibly();
                throw new DataServerFailure(server, command.get(0) + " ran for more than " + TIMEOUT_HOURS + " hours", null);
            }
            feeding.join();
            if (process.exitValue() != 0) {
                throw new DataServerFailure(server, command.get(0) + " failed (exit " + process.exitValue() + "): " + lastLine(errors.join()), null);
            }
        } catch (IOException e) {
            throw new DataServerFailure(server, "could not run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataServerFailure(server, command.get(0) + " was interrupted", e);
        }
    }

    /** A tool on PATH, or in the usual Debian places (PostgreSQL's tools live under /usr/lib/postgresql/N/bin). */
    static String find(String tool) {
        for (String name : tool.split("\\|")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
            try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
                for (Path version : versions.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    if (Files.isExecutable(version.resolve("bin").resolve(name))) {
                        return version.resolve("bin").resolve(name).toString();
                    }
                }
            } catch (IOException ignored) {
                // no PostgreSQL installed
            }
        }
        return tool.split("\\|")[0];
    }

    private static String readAll(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 0 || lines[lines.length - 1].isBlank() ? "(no message)" : lines[lines.length - 1];
    }

    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file
        }
    }
}
