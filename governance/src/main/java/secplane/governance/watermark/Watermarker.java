package secplane.governance.watermark;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Marks an export for one recipient with two independent channels, both keyed by the registry's secret:
 * <ul>
 *   <li><b>numeric</b> (row fingerprint, after Agrawal and Kiernan, "Watermarking relational databases", VLDB 2002):
 *       in every decimal column, each row's value carries one bit — the parity of its last decimal place — chosen by
 *       HMAC(key, export, row identity, column); a value whose parity differs is raised by one unit of that place
 *       (0.01 for amounts in cents). Bits are keyed by the row's identity, not its position, so reordering and
 *       deleting rows or columns leave the remaining bits readable, and numbers survive CSV↔JSON;</li>
 *   <li><b>text</b>: one free-text cell per row gets the export's 64-bit token as invisible characters
 *       ({@link ZeroWidth}); a single surviving cell names the export.</li>
 * </ul>
 * The export is recorded in the registry before the marked table is returned.
 */
public final class Watermarker {
    /** Decimal columns with more places than this are measurements, not amounts: not marked. */
    static final int MAX_PLACES = 4;
    private static final int MAX_RECIPIENT = 200;

    private Watermarker() {
    }

    public record Marked(ExportTable table, ExportRecord record, long changedValues) {
    }

    /**
     * @param identityColumns the columns that identify a row (a primary key); empty to choose: the first column whose
     *                        values are all present and distinct, else every column not carrying marks
     */
    public static Marked mark(ExportTable t, String recipient, Instant at, ExportRegistry registry, List<String> identityColumns) {
        if (recipient == null || recipient.isBlank() || recipient.length() > MAX_RECIPIENT || recipient.chars().anyMatch(Character::isISOControl)) {
            throw new WatermarkException("the recipient must be a name of 1-" + MAX_RECIPIENT + " printable characters");
        }
        if (t.rows().isEmpty()) {
            throw new WatermarkException("the export has no rows; there is nothing to mark");
        }
        for (String c : identityColumns) {
            if (t.column(c) < 0) {
                throw new WatermarkException("identity column \"" + c + "\" is not in the export; columns: " + t.columns());
            }
        }
        Map<String, Integer> numeric = new LinkedHashMap<>();
        for (int c = 0; c < t.columns().size(); c++) {
            String name = t.columns().get(c);
            int places = decimalPlaces(t, c);
            if (places > 0 && !identityColumns.contains(name)) {
                numeric.put(name, places);
            }
        }
        List<String> identity = identityColumns.isEmpty() ? chooseIdentity(t, numeric.keySet()) : List.copyOf(identityColumns);
        List<String> text = new ArrayList<>();
        for (int c = 0; c < t.columns().size(); c++) {
            String name = t.columns().get(c);
            // a single key column stays clean (recipients join on it); a composite identity reads cells without marks
            boolean key = identity.size() == 1 && identity.contains(name);
            if (!key && !numeric.containsKey(name) && mostlyText(t, c)) {
                text.add(name);
            }
        }
        if (numeric.isEmpty() && text.isEmpty()) {
            throw new WatermarkException("nothing to mark: the export needs a decimal column (e.g. amounts) or a free-text column besides its identity " + identity);
        }
        byte[] idBytes = new byte[8];
        new SecureRandom().nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        MarkKey key = registry.key();
        long token = key.token(id);
        long changed = 0;
        List<String[]> rows = new ArrayList<>(t.rows().size());
        for (String[] original : t.rows()) {
            String[] row = original.clone();
            String rowId = Cells.identity(t, row, identity);
            for (Map.Entry<String, Integer> e : numeric.entrySet()) {
                int c = t.column(e.getKey());
                BigDecimal v = Cells.decimal(row[c] == null ? null : row[c].strip());
                if (v == null) {
                    continue;
                }
                BigInteger units = v.movePointRight(e.getValue()).toBigIntegerExact();
                if ((units.testBit(0) ? 1 : 0) != key.bit(id, rowId, e.getKey())) {
                    row[c] = v.add(BigDecimal.ONE.movePointLeft(e.getValue())).setScale(Math.max(v.scale(), e.getValue())).toPlainString();
                    changed++;
                }
            }
            if (!text.isEmpty()) {
                int first = key.textColumn(rowId, text.size());
                for (int k = 0; k < text.size(); k++) {
                    int c = t.column(text.get((first + k) % text.size()));
                    if (Cells.freeText(row[c])) {
                        row[c] = ZeroWidth.insert(row[c], token);
                        break;
                    }
                }
            }
            rows.add(row);
        }
        ExportRecord record = new ExportRecord(id, recipient.strip(), at, rows.size(), t.columns(), identity, numeric, text);
        registry.add(record);
        return new Marked(new ExportTable(t.columns(), rows, t.numbers()), record, changed);
    }

    /** The places of a column of decimals with a fractional part (1..MAX_PLACES), else 0. */
    private static int decimalPlaces(ExportTable t, int c) {
        int places = 0;
        int present = 0;
        for (String[] row : t.rows()) {
            if (row[c] == null || row[c].isBlank()) {
                continue;
            }
            BigDecimal d = Cells.decimal(row[c].strip());
            if (d == null || d.scale() < 0 || d.scale() > MAX_PLACES) {
                return 0;
            }
            places = Math.max(places, d.scale());
            present++;
        }
        return present * 2 >= t.rows().size() ? places : 0;
    }

    private static boolean mostlyText(ExportTable t, int c) {
        int text = 0;
        for (String[] row : t.rows()) {
            if (Cells.freeText(row[c])) {
                text++;
            }
        }
        return text * 2 >= t.rows().size();
    }

    private static List<String> chooseIdentity(ExportTable t, Set<String> marked) {
        for (int c = 0; c < t.columns().size(); c++) {
            if (marked.contains(t.columns().get(c))) {
                continue;
            }
            Set<String> seen = new HashSet<>();
            boolean unique = true;
            for (String[] row : t.rows()) {
                String v = Cells.canonical(row[c]);
                if (v.isEmpty() || !seen.add(v)) {
                    unique = false;
                    break;
                }
            }
            if (unique) {
                return List.of(t.columns().get(c));
            }
        }
        List<String> all = new ArrayList<>();
        for (String name : t.columns()) {
            if (!marked.contains(name)) {
                all.add(name);
            }
        }
        return all;
    }
}
