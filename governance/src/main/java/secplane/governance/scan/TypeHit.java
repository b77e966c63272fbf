package secplane.governance.scan;

import java.util.List;

/**
 * One data type found in one asset.
 *
 * @param hits     values (rows, lines, records) holding the type at least once
 * @param hitRate  hits / non-empty values sampled
 * @param examples masked with the type's default operator; raw values never leave the scanner
 */
public record TypeHit(String type, long hits, double hitRate, double meanConfidence, List<String> examples) {
}
