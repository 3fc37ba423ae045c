package dev.berth.cli;

import picocli.CommandLine.Option;

/** Output options of a command: --json, -o table|json, -q. */
public class Output {
    @Option(names = "--json", description = "Print the API's JSON (same as -o json)")
    boolean json;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json")
    Format output;

    @Option(names = {"-q", "--quiet"}, description = "Print ids only")
    boolean quiet;

    public Format format() {
        if (quiet) {
            return Format.IDS;
        }
        if (json) {
            return Format.JSON;
        }
        return output == null ? Format.TABLE : output;
    }
}
