package secplane.privacy.dataset;

import java.util.List;

/**
 * One party's input: distinct normalised identifiers (composite keys joined with U+001F) and, for
 * intersection-sum, one non-negative value per identifier.
 *
 * @param ids distinct identifiers in input order
 * @param values one value per identifier, or null when the input has no value column
 * @param rows data rows read
 * @param duplicates rows whose identifier had already been seen (collapsed: set semantics)
 * @param skipped rows skipped as malformed (only when the caller asked to skip them)
 */
public record Dataset(List<String> ids, long[] values, long rows, long duplicates, long skipped) {
    /** Separates the columns of a composite key; rejected inside values as a control character. */
    public static final char KEY_SEPARATOR = '\u001f';

    public static Dataset of(List<String> ids) {
        return new Dataset(List.copyOf(ids), null, ids.size(), 0, 0);
    }

    public int size() {
        return ids.size();
    }
}
