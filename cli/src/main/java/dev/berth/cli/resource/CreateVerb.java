package dev.berth.cli.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.Json;
import dev.berth.cli.WriteOutput;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code create}: the body from {@code --json FILE}, then {@code --set key=value} over it, then
 * the noun's named options ({@link #addFields}) over that.
 */
@Command
public class CreateVerb extends Verb {
    protected final Resource resource;

    @Mixin
    protected WriteOutput output;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A field: key=text, or key:=json (true, 3, null, [...]); dotted keys reach into objects")
    protected List<String> assignments;

    @Option(names = {"--json", "-f"}, paramLabel = "FILE", description = "The body (a JSON object) from a file, - for standard input; for JSON output use -o json")
    protected Path jsonFile;

    public CreateVerb(Resource resource) {
        this.resource = resource;
    }

    @Override
    public String description() {
        return "Create " + article(resource.singular()) + " " + resource.singular();
    }

    static String article(String word) {
        return "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "an" : "a";
    }

    /** The noun's named options, set over the body. */
    protected void addFields(ObjectNode body) {
    }

    protected ObjectNode body() {
        ObjectNode body = jsonFile == null ? Json.MAPPER.createObjectNode() : readJsonObject(jsonFile);
        Assignments.apply(body, assignments);
        addFields(body);
        return body;
    }

    @Override
    protected int run() {
        ObjectNode created = (ObjectNode) api().post(resource.path(), body()).body();
        printCreated(created);
        return 0;
    }

    protected void printCreated(ObjectNode created) {
        new Printer(out(), output.format(), resource).row(created);
    }
}
