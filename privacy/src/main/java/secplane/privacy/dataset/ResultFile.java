package secplane.privacy.dataset;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A result written next to its destination as {@code .name.partial} and renamed into place only
 * when complete, so that a file at the destination path is always a finished result.
 */
public final class ResultFile implements AutoCloseable {
    private final Path target;
    private final Path partial;
    private final BufferedWriter out;
    private boolean committed;

    public ResultFile(Path target) {
        this.target = target.toAbsolutePath();
        this.partial = this.target.resolveSibling("." + this.target.getFileName() + ".partial");
        try {
            Files.createDirectories(this.target.getParent());
            Files.deleteIfExists(this.target); // an old result must not pass for this run's
            this.out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + partial, e);
        }
    }

    public Writer writer() {
        return out;
    }

    /** Writes one CSV row, quoting fields as RFC 4180 requires. */
    public void row(String... fields) {
        try {
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                String f = fields[i];
                if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                    out.write('"');
                    out.write(f.replace("\"", "\"\""));
                    out.write('"');
                } else {
                    out.write(f);
                }
            }
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + partial, e);
        }
    }

    /** Flushes, syncs and renames the result into place. */
    public Path commit() {
        try {
            out.close();
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot complete " + target, e);
        }
    }

    /** Discards an uncommitted result. */
    @Override
    public void close() {
        if (!committed) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the partial file is deleted next; nothing to report
            }
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // left behind under its .partial name, never under the result's name
            }
        }
    }
}
