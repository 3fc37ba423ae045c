package dev.berth.cli.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.Api;
import dev.berth.cli.Format;
import dev.berth.cli.Output;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code list}: one page (--limit, --cursor) or all of them (--all). Subclasses add filters through {@link #query()}. */
@Command
public class ListVerb extends Verb {
    protected final Resource resource;

    @Mixin
    protected Output output;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "Items per page, 1-500 (default ${DEFAULT-VALUE})")
    protected int limit;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Start at this page (the nextCursor of the previous one)")
    protected String cursor;

    @Option(names = "--all", description = "Follow nextCursor to the end")
    protected boolean all;

    public ListVerb(Resource resource) {
        this.resource = resource;
    }

    @Override
    public String description() {
        return "List " + resource.plural();
    }

    /** The collection to read. */
    protected String path() {
        return resource.path();
    }

    /** Query parameters besides limit and cursor (null values are left out). */
    protected Map<String, String> query() {
        return new LinkedHashMap<>();
    }

    @Override
    protected int run() {
        Api api = api();
        String next = cursor;
        ObjectNode result = null;
        ArrayNode items = null;
        do {
            Map<String, String> parameters = query();
            parameters.put("limit", Integer.toString(limit));
            parameters.put("cursor", next);
            JsonNode page = api.get(path() + Api.query(parameters)).body();
            if (result == null) {
                result = page.deepCopy();
                items = (ArrayNode) result.withArray("items");
            } else {
                items.addAll((ArrayNode) page.path("items"));
            }
            JsonNode nextCursor = page.path("nextCursor");
            next = nextCursor.isTextual() ? nextCursor.asText() : null;
        } while (all && next != null);
        if (next == null) {
            result.putNull("nextCursor");
        } else {
            result.put("nextCursor", next);
        }
        new Printer(out(), output.format(), resource).list(result);
        if (next != null && output.format() == Format.TABLE) {
            cli().err().println("more: --cursor " + next + " (or --all)");
        }
        return 0;
    }
}
