package dev.berth.cli.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.Api;
import dev.berth.cli.Berth;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.ExitCode;
import dev.berth.cli.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that does something: finds the CLI's context through the root of the command tree. */
public abstract class Verb implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    /** The verb's one-line description in the help. */
    public abstract String description();

    protected abstract int run();

    @Override
    public final Integer call() {
        try {
            return run();
        } finally {
            out().flush();
            cli().err().flush();
        }
    }

    protected Berth root() {
        return (Berth) spec.root().userObject();
    }

    protected Cli cli() {
        return root().cli();
    }

    protected Api api() {
        return root().api();
    }

    protected PrintWriter out() {
        return cli().out();
    }

    /** A JSON object from a file, or from standard input when the file is "-". */
    protected ObjectNode readJsonObject(Path file) {
        String text;
        if (file.toString().equals("-")) {
            text = cli().readAllStdin();
        } else {
            try {
                text = Files.readString(file);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new CliException(ExitCode.USAGE, "no such file: " + file);
            } catch (IOException e) {
                throw new CliException(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage());
            }
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CliException(ExitCode.USAGE, file + " is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new CliException(ExitCode.USAGE, file + " must hold a JSON object");
        }
        return (ObjectNode) node;
    }
}
