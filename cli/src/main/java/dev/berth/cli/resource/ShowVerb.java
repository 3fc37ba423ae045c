package dev.berth.cli.resource;

import dev.berth.cli.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code show ID}: one item, every field. */
@Command
public class ShowVerb extends Verb {
    protected final Resource resource;

    @Mixin
    protected Output output;

    @Parameters(index = "0", paramLabel = "ID")
    protected String id;

    public ShowVerb(Resource resource) {
        this.resource = resource;
    }

    @Override
    public String description() {
        return "Show one " + resource.singular() + ", every field";
    }

    @Override
    protected int run() {
        new Printer(out(), output.format(), resource).details(resource.read(api(), id).body());
        return 0;
    }
}
