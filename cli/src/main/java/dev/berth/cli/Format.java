package dev.berth.cli;

/** How results are printed. */
public enum Format {
    /** Aligned columns (a list) or field/value lines (one item). */
    TABLE,
    /** The API's JSON, pretty. */
    JSON,
    /** Ids only, one a line (-q). */
    IDS
}
