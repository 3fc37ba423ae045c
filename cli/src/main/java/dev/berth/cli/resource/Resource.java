package dev.berth.cli.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Api;
import java.util.List;

/**
 * What a noun is over the API: where its items live, what one is called, which columns a table
 * shows. The generic verbs (list, show, create, set, delete) need nothing else.
 */
public class Resource {
    private final String singular;
    private final String plural;
    private final String path;
    private final List<Column> columns;

    /**
     * @param singular "instance"
     * @param plural   "instances"
     * @param path     the collection, e.g. {@code /api/v1/instances}; items are {@code path/{id}}
     * @param columns  what a table shows, first the id
     */
    public Resource(String singular, String plural, String path, Column... columns) {
        this.singular = singular;
        this.plural = plural;
        this.path = path;
        this.columns = List.of(columns);
    }

    public String singular() {
        return singular;
    }

    public String plural() {
        return plural;
    }

    public String path() {
        return path;
    }

    public String itemPath(String id) {
        return path + "/" + Api.segment(id);
    }

    public List<Column> columns() {
        return columns;
    }

    /** The field that names an item (what -q prints). */
    public String idField() {
        return "id";
    }

    /** An item as read, with the ETag a write must send back. */
    public record Item(String etag, JsonNode body) {
    }

    /** Reads one item and its ETag (the header, else the body's {@code etag}). */
    public Item read(Api api, String id) {
        Api.Response response = api.get(itemPath(id));
        String etag = response.etag() != null ? response.etag() : response.body().path("etag").asText(null);
        return new Item(etag, response.body());
    }
}
