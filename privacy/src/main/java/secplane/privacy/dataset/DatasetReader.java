package secplane.privacy.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import secplane.privacy.normalize.ColumnSpec;

/**
 * Reads a party's CSV file (UTF-8, header row first) into a {@link Dataset}: the key columns are
 * normalised and joined, the optional value column parsed as a non-negative integer.
 */
public final class DatasetReader {
    private final List<ColumnSpec> columns;
    private final String valueColumn;
    private final boolean skipBadRows;

    /**
     * @param valueColumn the column holding values for intersection-sum, or null
     * @param skipBadRows count and skip rows that fail normalisation instead of stopping
     */
    public DatasetReader(List<ColumnSpec> columns, String valueColumn, boolean skipBadRows) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("name at least one identifier column");
        }
        this.columns = List.copyOf(columns);
        this.valueColumn = valueColumn;
        this.skipBadRows = skipBadRows;
    }

    public Dataset read(Path file) {
        try (Reader r = new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT))) {
            return read(new BufferedReader(r, 1 << 16), file.toString());
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new InputException(file + ": not valid UTF-8; export the file as UTF-8 CSV");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
    }

    Dataset read(BufferedReader in, String name) throws IOException {
        CsvReader csv = new CsvReader(in);
        List<String> header = csv.next();
        if (header == null) {
            throw new InputException(name + ": the file is empty; it needs a header row naming the columns");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            index.putIfAbsent(header.get(i).strip(), i);
        }
        int[] keyIdx = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            Integer at = index.get(columns.get(i).column());
            if (at == null) {
                throw new InputException(name + ": no column '" + columns.get(i).column() + "' in the header " + header
                        + "; name one of these columns");
            }
            keyIdx[i] = at;
        }
        int valueIdx = -1;
        if (valueColumn != null) {
            Integer at = index.get(valueColumn);
            if (at == null) {
                throw new InputException(name + ": no value column '" + valueColumn + "' in the header " + header);
            }
            valueIdx = at;
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<Long> values = valueIdx >= 0 ? new ArrayList<>() : null;
        long rows = 0;
        long duplicates = 0;
        long skipped = 0;
        List<String> record;
        StringBuilder key = new StringBuilder();
        while ((record = csv.next()) != null) {
            if (record.size() == 1 && record.get(0).isBlank()) {
                continue; // blank line
            }
            rows++;
            int line = csv.recordLine();
            try {
                if (record.size() != header.size()) {
                    throw new InputException("has " + record.size() + " fields, the header has " + header.size());
                }
                key.setLength(0);
                for (int i = 0; i < keyIdx.length; i++) {
                    if (i > 0) {
                        key.append(Dataset.KEY_SEPARATOR);
                    }
                    try {
                        key.append(columns.get(i).normalization().apply(record.get(keyIdx[i])));
                    } catch (IllegalArgumentException e) {
                        throw new InputException("column '" + columns.get(i).column() + "' (" + columns.get(i).normalization().id()
                                + "): " + e.getMessage());
                    }
                }
                long value = 0;
                if (valueIdx >= 0) {
                    String v = record.get(valueIdx).strip();
                    try {
                        value = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw new InputException("value '" + v + "' in column '" + valueColumn + "' is not an integer");
                    }
                    if (value < 0) {
                        throw new InputException("value " + value + " in column '" + valueColumn
                                + "' is negative; intersection-sum adds non-negative integers (e.g. amounts in cents)");
                    }
                }
                String k = key.toString();
                Integer first = seen.putIfAbsent(k, line);
                if (first != null) {
                    if (valueIdx >= 0) {
                        throw new InputException("repeats the identifier of line " + first
                                + "; intersection-sum needs one value per identifier: aggregate the rows first");
                    }
                    duplicates++;
                } else if (values != null) {
                    values.add(value);
                }
            } catch (InputException e) {
                if (!skipBadRows) {
                    throw new InputException(name + " line " + line + ": " + e.getMessage()
                            + " (fix the row, or pass --skip-bad-rows to skip such rows)");
                }
                skipped++;
            }
        }
        long[] v = null;
        if (values != null) {
            v = new long[values.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = values.get(i);
            }
        }
        return new Dataset(new ArrayList<>(seen.keySet()), v, rows, duplicates, skipped);
    }
}
