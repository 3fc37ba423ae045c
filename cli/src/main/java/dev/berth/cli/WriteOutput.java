package dev.berth.cli;

import picocli.CommandLine.Option;

/** Output options of a command whose {@code --json FILE} is its input (create, set): -o and -q. */
public class WriteOutput {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json")
    Format output;

    @Option(names = {"-q", "--quiet"}, description = "Print ids only")
    boolean quiet;

    public Format format() {
        return quiet ? Format.IDS : output == null ? Format.TABLE : output;
    }
}
