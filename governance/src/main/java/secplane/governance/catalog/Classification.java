package secplane.governance.catalog;

import java.util.List;

/**
 * The level of a column, key or record: the highest of what it holds (GB/T 43697-2024 §6.5 "就高从严",
 * JR/T 0197-2020 §6: a data set takes the highest level of its items).
 */
public record Classification(List<String> types, boolean piplSensitive, Gbt43697Level gbt43697, int jrt0197) {
    public static final Classification NONE = new Classification(List.of(), false, null, 0);
}
