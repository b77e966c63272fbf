package secplane.governance.scan;

import java.util.List;
import secplane.governance.catalog.Classification;

/**
 * A column of a table, a key path of a JSON file, a column of a CSV file, or a whole text file, with the types
 * found in its sampled values and the resulting level (the highest of those types).
 *
 * @param source   the table (schema.table) or the file
 * @param location the column, the key path ("users[].phone") or "-" for unstructured text
 * @param kind     column, csv-column, json-key or text
 */
public record Asset(String source, String location, String kind, long sampled, long nonEmpty, List<TypeHit> types,
                    Classification classification) {
    public String name() {
        return "-".equals(location) ? source : source + (kind.equals("column") ? "." : "#") + location;
    }
}
