package secplane.privacy.normalize;

import java.util.List;
import java.util.stream.Collectors;

/** One identifier column and its normalisation, written {@code name:kind} on the command line. */
public record ColumnSpec(String column, Normalization normalization) {

    public static ColumnSpec parse(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon < 0) {
            return new ColumnSpec(spec.trim(), Normalization.TRIM);
        }
        String name = spec.substring(0, colon).trim();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("column spec '" + spec + "' has no column name; write NAME[:NORMALISATION]");
        }
        return new ColumnSpec(name, Normalization.parse(spec.substring(colon + 1)));
    }

    /**
     * What the peer must agree on: the normalisation of each key column in order (column names may
     * differ between institutions). Sent in the handshake.
     */
    public static String settings(List<ColumnSpec> columns) {
        return columns.stream().map(c -> c.normalization().id()).collect(Collectors.joining(","));
    }
}
