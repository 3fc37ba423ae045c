package dev.berth.cli.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.Api;
import dev.berth.cli.CliException;
import dev.berth.cli.ExitCode;
import dev.berth.cli.Json;
import dev.berth.cli.WriteOutput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code set ID key=value...}: a JSON merge patch, sent with If-Match. */
@Command
public class SetVerb extends Verb {
    protected final Resource resource;

    @Mixin
    protected WriteOutput output;

    @Parameters(index = "0", paramLabel = "ID")
    protected String id;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Fields to change: key=text, or key:=json (key:=null removes it)")
    protected List<String> positional;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Same as a KEY=VALUE argument")
    protected List<String> assignments;

    @Option(names = {"--json", "-f"}, paramLabel = "FILE", description = "The merge patch (a JSON object) from a file, - for standard input; for JSON output use -o json")
    protected Path jsonFile;

    @Option(names = "--force", description = "If it changed since it was read, write over the current version")
    protected boolean force;

    public SetVerb(Resource resource) {
        this.resource = resource;
    }

    @Override
    public String description() {
        return "Change fields of " + CreateVerb.article(resource.singular()) + " " + resource.singular() + " (a JSON merge patch, with If-Match)";
    }

    /** The noun's named options, set over the patch. */
    protected void addFields(ObjectNode patch) {
    }

    @Override
    protected int run() {
        ObjectNode patch = jsonFile == null ? Json.MAPPER.createObjectNode() : readJsonObject(jsonFile);
        List<String> all = new ArrayList<>();
        if (positional != null) {
            all.addAll(positional);
        }
        if (assignments != null) {
            all.addAll(assignments);
        }
        Assignments.apply(patch, all);
        addFields(patch);
        if (patch.isEmpty()) {
            throw new CliException(ExitCode.USAGE, "nothing to change: give key=value, --set or --json FILE");
        }
        Api api = api();
        Api.Response updated = IfMatch.write(cli(), api, resource, id, force,
                etag -> api.send("PATCH", resource.itemPath(id), patch, Api.MERGE_PATCH, etag));
        new Printer(out(), output.format(), resource).row(updated.body());
        return 0;
    }
}
