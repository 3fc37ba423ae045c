package dev.berth.cli;

import java.util.ArrayList;
import java.util.List;

/** Aligned columns: two spaces between them, the last one not padded. */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(List<String> headers) {
        this.headers = headers;
    }

    public Table row(List<String> cells) {
        rows.add(cells.stream().map(Table::cell).toList());
        return this;
    }

    private static String cell(String value) {
        String flat = value == null ? "-" : value.replaceAll("\\s*\\R\\s*", " ");
        return flat.length() > 72 ? flat.substring(0, 71) + "…" : flat;
    }

    public List<String> lines() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).codePointCount(0, row.get(i).length()));
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(line(headers, widths));
        rows.forEach(row -> lines.add(line(row, widths)));
        return lines;
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            line.append(cell);
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - cell.codePointCount(0, cell.length()) + 2));
            }
        }
        return line.toString().stripTrailing();
    }
}
