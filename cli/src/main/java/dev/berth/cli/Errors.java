package dev.berth.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Errors as one message (and the API's field errors), never a stack trace; each with its exit code. */
final class Errors implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final Cli cli;

    Errors(Cli cli) {
        this.cli = cli;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        if (e instanceof ApiException api) {
            java.util.List<String> lines = api.lines();
            cli.err().println("berth: " + lines.get(0));
            lines.subList(1, lines.size()).forEach(cli.err()::println);
            return api.exitCode();
        }
        if (e instanceof CliException failure) {
            cli.err().println("berth: " + failure.getMessage());
            return failure.exitCode();
        }
        cli.err().println("berth: unexpected error: " + e);
        if (cli.env("BERTH_DEBUG") != null) {
            e.printStackTrace(cli.err());
        }
        return ExitCode.FAILURE;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        cli.err().println("berth: " + e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, cli.err())) {
            cli.err().println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
        }
        return ExitCode.USAGE;
    }
}
