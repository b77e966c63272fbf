package secplane.governance.watermark;

import java.util.List;
import java.util.Set;

/**
 * An export as rows of named cells, whatever its file format: CSV and JSON read into the same shape, so a mark
 * written into one survives conversion to the other. {@code numbers} names the columns whose JSON values were
 * numbers (written back as numbers); cells are kept as text, {@code null} for a missing or null value.
 */
public record ExportTable(List<String> columns, List<String[]> rows, Set<String> numbers) {
    public ExportTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        numbers = Set.copyOf(numbers);
        for (String[] row : rows) {
            if (row.length != columns.size()) {
                throw new IllegalArgumentException("a row has " + row.length + " cells for " + columns.size() + " columns");
            }
        }
    }

    public int column(String name) {
        return columns.indexOf(name);
    }
}
