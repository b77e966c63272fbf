package secplane.advisories;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outcome of importing a set of files: one {@link FileResult} per file, in a stable order. */
public record ImportReport(List<FileResult> files) {
    public ImportReport {
        files = List.copyOf(files);
    }

    /**
     * Every accepted advisory, one per id. When several files carry the same id, the entry with the
     * later {@code modified} time wins, as the OSV schema says it is authoritative ("id, modified
     * fields"); on a tie the one read last wins.
     */
    public List<Advisory> advisories() {
        Map<String, Advisory> byId = new LinkedHashMap<>();
        for (FileResult f : files) {
            for (Advisory a : f.accepted()) {
                byId.merge(a.id(), a, (old, neu) -> neu.modified().isBefore(old.modified()) ? old : neu);
            }
        }
        return List.copyOf(byId.values());
    }

    /** Every problem of every file, in file order. */
    public List<Problem> problems() {
        List<Problem> out = new ArrayList<>();
        for (FileResult f : files) {
            out.addAll(f.problems());
        }
        return out;
    }

    public int acceptedCount() {
        return files.stream().mapToInt(f -> f.accepted().size()).sum();
    }

    public int rejectedCount() {
        return files.stream().mapToInt(f -> f.rejected().size()).sum();
    }

    /** True when no file and no entry was rejected. */
    public boolean clean() {
        return files.stream().allMatch(FileResult::clean);
    }
}
