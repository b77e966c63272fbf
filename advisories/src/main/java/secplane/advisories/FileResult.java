package secplane.advisories;

import java.util.List;

/**
 * What one file gave: the advisories accepted, the entries rejected, and, when the file could not
 * be read as advisories at all (not JSON, not UTF-8, unreadable), the reason it was rejected whole.
 *
 * @param file      the file name as given
 * @param accepted  valid advisories, in file order
 * @param rejected  one problem per rejected entry, in file order
 * @param fileError why the whole file was rejected, or null
 */
public record FileResult(String file, List<Advisory> accepted, List<Problem> rejected, Problem fileError) {
    public FileResult {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
    }

    static FileResult failed(String file, int line, int column, String message) {
        return new FileResult(file, List.of(), List.of(), new Problem(file, -1, null, null, line, column, message));
    }

    /** True when every entry of the file was accepted. */
    public boolean clean() {
        return fileError == null && rejected.isEmpty();
    }

    /** The file-level problem when the file was rejected whole, else one problem per rejected entry. */
    public List<Problem> problems() {
        if (fileError == null) {
            return rejected;
        }
        return List.of(fileError);
    }
}
