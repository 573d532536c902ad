package dev.slipway.cli.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A plain text table: a header row, columns as wide as their widest cell, two spaces between, numbers
 * aligned right. No borders, so the output greps and cuts well. A missing value is shown as {@code -}.
 */
public final class Table {
    private static final String GAP = "  ";
    private final List<String> headers;
    private final Set<Integer> rightAligned = new HashSet<>();
    private final List<List<String>> rows = new ArrayList<>();

    private Table(List<String> headers) {
        this.headers = headers;
    }

    public static Table of(String... headers) {
        return new Table(List.of(headers));
    }

    /** Right-aligns the columns with these (0-based) indexes: counts and durations. */
    public Table alignRight(int... columns) {
        Arrays.stream(columns).forEach(rightAligned::add);
        return this;
    }

    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + headers.size() + " columns");
        }
        rows.add(Arrays.stream(cells).map(cell -> cell == null || cell.toString().isEmpty() ? "-" : cell.toString()).toList());
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table, one line per row, each ending with a newline; trailing blanks trimmed. */
    public String render() {
        int[] widths = new int[headers.size()];
        for (int column = 0; column < widths.length; column++) {
            widths[column] = headers.get(column).length();
            for (List<String> row : rows) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, headers, widths);
        rows.forEach(row -> line(text, row, widths));
        return text.toString();
    }

    private void line(StringBuilder text, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < cells.size(); column++) {
            if (column > 0) {
                line.append(GAP);
            }
            String cell = cells.get(column);
            String padding = " ".repeat(widths[column] - cell.length());
            line.append(rightAligned.contains(column) ? padding + cell : cell + padding);
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    /** Cuts a long cell (a commit message, a reason) so one row stays one line; {@code show} has it whole. */
    public static String cut(String text, int max) {
        if (text == null) {
            return null;
        }
        String line = text.strip().replaceAll("\\s*\\R\\s*", " ");
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
