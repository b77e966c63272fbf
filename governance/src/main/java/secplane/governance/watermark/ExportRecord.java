package secplane.governance.watermark;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the registry keeps of one marked export: who received it and when, and how it was marked — the identity
 * columns that key each row's bits, the numeric columns carrying them (name → decimal places) and the text columns
 * carrying the invisible token. No cell of the export is kept.
 */
public record ExportRecord(String id, String recipient, Instant exportedAt, int rows, List<String> columns,
        List<String> identity, Map<String, Integer> numeric, List<String> text) {
    public ExportRecord {
        columns = List.copyOf(columns);
        identity = List.copyOf(identity);
        numeric = Map.copyOf(numeric);
        text = List.copyOf(text);
    }
}
