package secplane.cli;

/**
 * A progress bar on stderr for long work: redrawn in place on a terminal, one line per step when
 * the output is a file or a pipe (CI logs stay readable).
 */
final class Progress {
    private static final int WIDTH = 24;
    private final String task;
    private final int total;
    private final boolean tty = System.console() != null;
    private int done;
    private final long start = System.nanoTime();

    Progress(String task, int total) {
        this.task = task;
        this.total = Math.max(1, total);
    }

    void step(String what) {
        render(what);
        done = Math.min(total, done + 1);
    }

    /** Sets the amount done (for work whose progress is observed rather than stepped). */
    void set(int amount, String what) {
        int next = Math.max(0, Math.min(total, amount));
        if (next != done || !tty) {
            done = next;
            render(what);
        } else {
            render(what);
        }
    }

    void done() {
        done = total;
        render("done");
        if (tty) {
            System.err.println();
        }
    }

    private void render(String what) {
        int filled = WIDTH * done / total;
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        String line = String.format("%s [%s] %3d%% %5.1fs  %s", task, bar, 100 * done / total,
                (System.nanoTime() - start) / 1e9, what);
        if (tty) {
            System.err.print("\r\033[K" + line);
        } else {
            System.err.println(line);
        }
        System.err.flush();
    }
}
