package secplane.governance.watermark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import secplane.governance.scan.Csv;
import secplane.protocol.json.Json;
import secplane.protocol.json.JsonException;

/** Reads and writes exports as CSV (RFC 4180, header row) or JSON (an array of objects, or one object per line). */
public enum ExportFormat {
    CSV, JSON;

    /** Exports above this size are refused: marking and tracing hold the whole table. */
    public static final long MAX_BYTES = 512L << 20;

    public static ExportFormat of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt")) {
            return CSV;
        }
        if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return JSON;
        }
        throw new WatermarkException(file + ": unknown export format; name the file .csv or .json (or .jsonl)");
    }

    public static ExportTable read(Path file) {
        return of(file).parse(text(file), file.toString());
    }

    public void write(ExportTable table, Path file) {
        try {
            Files.writeString(file, render(table), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public ExportTable parse(String text, String source) {
        return this == CSV ? parseCsv(text, source) : parseJson(text, source);
    }

    public String render(ExportTable table) {
        return this == CSV ? renderCsv(table) : renderJson(table);
    }

    private static String text(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new WatermarkException(file + ": " + size + " bytes; exports above " + MAX_BYTES + " bytes are refused, split the file");
            }
            // Strict decoding: a file in another encoding would otherwise lose its marks silently.
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new WatermarkException(file + ": not UTF-8 text; convert it to UTF-8 first");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static ExportTable parseCsv(String text, String source) {
        String[] lines = text.split("\r?\n", -1);
        int i = 0;
        while (i < lines.length && lines[i].isBlank()) {
            i++;
        }
        if (i == lines.length) {
            throw new WatermarkException(source + ": empty CSV, no header row");
        }
        char sep = lines[i].indexOf('\t') >= 0 && lines[i].indexOf(',') < 0 ? '\t' : ',';
        List<String> header = Csv.split(lines[i], sep);
        if (new LinkedHashSet<>(header).size() != header.size()) {
            throw new WatermarkException(source + ": line " + (i + 1) + ": the header names a column twice");
        }
        List<String[]> rows = new ArrayList<>();
        for (i = i + 1; i < lines.length; i++) {
            String line = lines[i];
            int first = i + 1;
            while (Csv.openQuote(line, sep) && i + 1 < lines.length) {
                line = line + "\n" + lines[++i];
            }
            if (line.isEmpty()) {
                continue;
            }
            List<String> cells = Csv.split(line, sep);
            if (cells.size() != header.size()) {
                throw new WatermarkException(source + ": line " + first + ": " + cells.size() + " fields where the header has " + header.size());
            }
            rows.add(cells.toArray(String[]::new));
        }
        return new ExportTable(header, rows, Set.of());
    }

    private static ExportTable parseJson(String text, String source) {
        List<Object> records;
        try {
            String t = text.strip();
            records = t.startsWith("[") ? asList(Json.parse(t), source) : Json.parseLines(t);
        } catch (JsonException e) {
            throw new WatermarkException(source + ": not JSON: " + e.getMessage());
        }
        LinkedHashSet<String> columns = new LinkedHashSet<>();
        Set<String> numbers = new LinkedHashSet<>();
        for (int r = 0; r < records.size(); r++) {
            if (!(records.get(r) instanceof Map<?, ?> m)) {
                throw new WatermarkException(source + ": record " + (r + 1) + " is " + Json.typeOf(records.get(r)) + ", expected an object");
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                columns.add((String) e.getKey());
                if (e.getValue() instanceof Map || e.getValue() instanceof List) {
                    throw new WatermarkException(source + ": record " + (r + 1) + ", key \"" + e.getKey() + "\": nested values are not supported in exports; flatten them");
                }
                if (e.getValue() instanceof Number) {
                    numbers.add((String) e.getKey());
                }
            }
        }
        List<String> cols = new ArrayList<>(columns);
        List<String[]> rows = new ArrayList<>(records.size());
        for (Object o : records) {
            Map<?, ?> m = (Map<?, ?>) o;
            String[] row = new String[cols.size()];
            for (int c = 0; c < row.length; c++) {
                Object v = m.get(cols.get(c));
                row[c] = v == null ? null : v instanceof BigDecimal b ? b.toPlainString() : v.toString();
            }
            rows.add(row);
        }
        return new ExportTable(cols, rows, numbers);
    }

    private static List<Object> asList(Object parsed, String source) {
        if (parsed instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        throw new WatermarkException(source + ": expected a JSON array of objects");
    }

    private static String renderCsv(ExportTable table) {
        StringBuilder sb = new StringBuilder();
        appendCsvRow(sb, table.columns().toArray(String[]::new));
        for (String[] row : table.rows()) {
            appendCsvRow(sb, row);
        }
        return sb.toString();
    }

    private static void appendCsvRow(StringBuilder sb, String[] cells) {
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                sb.append(',');
            }
            String v = cells[c] == null ? "" : cells[c];
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                sb.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(v);
            }
        }
        sb.append("\r\n");
    }

    private static String renderJson(ExportTable table) {
        List<Object> out = new ArrayList<>(table.rows().size());
        for (String[] row : table.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int c = 0; c < row.length; c++) {
                String name = table.columns().get(c);
                String v = row[c];
                m.put(name, v != null && table.numbers().contains(name) ? number(v) : v);
            }
            out.add(m);
        }
        return Json.write(out) + "\n";
    }

    private static Object number(String v) {
        try {
            return new BigDecimal(v);
        } catch (NumberFormatException e) {
            return v;
        }
    }
}
