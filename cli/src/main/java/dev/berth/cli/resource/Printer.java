package dev.berth.cli.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Format;
import dev.berth.cli.Json;
import dev.berth.cli.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Prints items of a resource in the chosen format. */
public final class Printer {
    private final PrintWriter out;
    private final Format format;
    private final Resource resource;

    public Printer(PrintWriter out, Format format, Resource resource) {
        this.out = out;
        this.format = format;
        this.resource = resource;
    }

    /** A list response ({@code items}, {@code nextCursor}): a table, the JSON, or the ids. */
    public void list(JsonNode page) {
        switch (format) {
            case JSON -> out.println(Json.pretty(page));
            case IDS -> page.path("items").forEach(item -> out.println(Json.text(item.path(resource.idField()))));
            case TABLE -> rows(page.path("items"));
        }
    }

    /** One item as a one-row table (what create, set and the operations print). */
    public void row(JsonNode item) {
        switch (format) {
            case JSON -> out.println(Json.pretty(item));
            case IDS -> out.println(Json.text(item.path(resource.idField())));
            case TABLE -> rows(List.of(item));
        }
    }

    /** One item in full: field and value lines (what show prints). */
    public void details(JsonNode item) {
        switch (format) {
            case JSON -> out.println(Json.pretty(item));
            case IDS -> out.println(Json.text(item.path(resource.idField())));
            case TABLE -> fields(item);
        }
    }

    private void rows(Iterable<JsonNode> items) {
        Table table = new Table(resource.columns().stream().map(Column::header).toList());
        for (JsonNode item : items) {
            table.row(resource.columns().stream().map(c -> cell(Json.at(item, c.path()))).toList());
        }
        table.lines().forEach(out::println);
    }

    /** A table cell: timestamps to the second (show and --json keep them whole). */
    private static String cell(JsonNode value) {
        String text = Json.text(value);
        return INSTANT.matcher(text).matches() ? text.replaceFirst("\\.\\d+Z$", "Z") : text;
    }

    private static final java.util.regex.Pattern INSTANT = java.util.regex.Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");

    private void fields(JsonNode item) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        flatten("", item, fields);
        int width = fields.stream().mapToInt(f -> f.getKey().length()).max().orElse(0);
        for (Map.Entry<String, String> field : fields) {
            String[] lines = field.getValue().split("\\R", -1);
            out.println(field.getKey() + " ".repeat(width - field.getKey().length() + 2) + lines[0]);
            for (int i = 1; i < lines.length; i++) {
                if (i == lines.length - 1 && lines[i].isEmpty()) {
                    break;
                }
                out.println(" ".repeat(width + 2) + lines[i]);
            }
        }
    }

    /** Objects become dotted names; arrays of scalars (or of items with ids) one comma-joined value. */
    static void flatten(String prefix, JsonNode node, List<Map.Entry<String, String>> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String name = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                if (field.getValue().isObject() && field.getValue().size() > 0) {
                    flatten(name, field.getValue(), into);
                } else {
                    into.add(Map.entry(name, Json.text(field.getValue())));
                }
            });
        } else {
            into.add(Map.entry(prefix.isEmpty() ? "value" : prefix, Json.text(node)));
        }
    }
}
