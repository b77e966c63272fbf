package secplane.advisories;

/**
 * Why an advisory file, or one entry in it, was rejected: which file, which entry (by index and id
 * when known), which field (by JSON Pointer, RFC 6901, relative to the entry), where in the file,
 * and what was expected. {@link #toString()} renders it for people, e.g.
 *
 * <pre>
 * log4j.json: entry 2 (GHSA-xxxx-xxxx-xxxx): /affected/0/ranges/0/events/1: an event has exactly one of introduced, fixed, last_affected, limit (line 31, column 13)
 * </pre>
 *
 * @param file    the file name as given to the importer
 * @param entry   the entry's index in the file, counting from 0 (the array index, or the count of
 *                non-blank lines before it in JSON Lines); -1 when the whole file was rejected
 * @param entryId the entry's {@code id} when it could be read, else null
 * @param pointer the field at fault, relative to the entry ({@code ""} for the entry itself); null
 *                when the whole file was rejected
 * @param line    1-based line in the file, 0 when unknown
 * @param column  1-based column in the file, 0 when unknown
 * @param message what was wrong and what was expected
 */
public record Problem(String file, int entry, String entryId, String pointer, int line, int column, String message) {

    /** True when the problem rejected the whole file rather than one entry. */
    public boolean wholeFile() {
        return entry < 0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file).append(": ");
        if (entry >= 0) {
            sb.append("entry ").append(entry);
            if (entryId != null) {
                sb.append(" (").append(entryId).append(')');
            }
            sb.append(": ");
            if (pointer != null) {
                sb.append(pointer.isEmpty() ? "(the entry)" : pointer).append(": ");
            }
            sb.append(message);
            if (line > 0) {
                sb.append(" (line ").append(line).append(", column ").append(column).append(')');
            }
        } else {
            if (line > 0) {
                sb.append("line ").append(line).append(", column ").append(column).append(": ");
            }
            sb.append(message);
        }
        return sb.toString();
    }
}
