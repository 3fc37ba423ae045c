package dev.berth.cli.resource;

import dev.berth.cli.Api;
import dev.berth.cli.Format;
import dev.berth.cli.Json;
import dev.berth.cli.Output;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code delete ID} (or archive, revoke): DELETE with If-Match. */
@Command
public class DeleteVerb extends Verb {
    protected final Resource resource;

    @Mixin
    protected Output output;

    @Parameters(index = "0", paramLabel = "ID")
    protected String id;

    @Option(names = "--force", description = "If it changed since it was read, delete it anyway")
    protected boolean force;

    public DeleteVerb(Resource resource) {
        this.resource = resource;
    }

    @Override
    public String description() {
        return "Delete " + CreateVerb.article(resource.singular()) + " " + resource.singular() + " (with If-Match)";
    }

    /** Query parameters of the DELETE (e.g. purge). */
    protected Map<String, String> query() {
        return new LinkedHashMap<>();
    }

    /** What the table output says when the API answers 204. */
    protected String done() {
        return "deleted";
    }

    /** What the table output says when the API accepted the request for later (202), e.g. a purge. */
    protected String accepted() {
        return "accepted";
    }

    @Override
    protected int run() {
        Api api = api();
        Api.Response response = IfMatch.write(cli(), api, resource, id, force,
                etag -> api.send("DELETE", resource.itemPath(id) + Api.query(query()), null, null, etag));
        if (response.status() == 202 && output.format() == Format.TABLE) {
            out().println(resource.singular() + " " + id + " " + accepted());
        } else if (response.body() != null) {
            new Printer(out(), output.format(), resource).row(response.body());
        } else if (output.format() == Format.IDS) {
            out().println(id);
        } else if (output.format() == Format.JSON) {
            out().println(Json.pretty(Json.MAPPER.createObjectNode().put("id", id).put(done(), true)));
        } else {
            out().println(resource.singular() + " " + id + " " + done());
        }
        return 0;
    }
}
