package dev.berth.cli.resource;

/** A table column: its header and the (dotted) path of the field it shows. */
public record Column(String header, String path) {
    public static Column of(String field) {
        return new Column(field, field);
    }

    public static Column of(String header, String path) {
        return new Column(header, path);
    }
}
