package secplane.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A run's scratch directory; emptied first because the agent appends to its log and events. */
public final class WorkDir {
    private WorkDir() {
    }

    /** Deletes {@code root} with everything under it, then creates it empty. */
    public static Path fresh(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(root);
    }
}
