package secplane.bench.ledger;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import secplane.bench.WorkDir;
import secplane.consortium.ledger.Ledger;
import secplane.consortium.log.FsyncPolicy;
import secplane.consortium.note.KeyType;
import secplane.consortium.note.NoteSigner;

/**
 * Ledger append throughput, one appending thread, with a checkpoint (sync + root + Ed25519 signature + atomic file
 * write) every second, beside the same appends without checkpoints and a plain buffered write of the same bytes (the
 * I/O floor). Entries are {@code --bytes} long, the size of a case event with hashed identifiers.
 *
 * <p>Usage: {@code AppendHarness [--seconds 10] [--bytes 256] [--runs 3] [--dir bench/target/ledger-append]}
 */
public final class AppendHarness {

    private AppendHarness() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = 10;
        int bytes = 256;
        int runs = 3;
        Path dir = Path.of("bench/target/ledger-append");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--bytes" -> bytes = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --seconds, --bytes, --runs, --dir");
            }
        }
        byte[][] pool = new byte[1024][];
        Random rnd = new Random(42);
        for (int i = 0; i < pool.length; i++) {
            pool[i] = new byte[bytes];
            rnd.nextBytes(pool[i]);
        }
        System.out.printf(Locale.ROOT, "entries of %d bytes, %d s per mode, %d runs, %d cores%n", bytes, seconds, runs,
                Runtime.getRuntime().availableProcessors());
        // the first round warms the JIT up and is not reported
        ledger(dir, pool, 2, true, FsyncPolicy.ON_SYNC);
        plainWrite(dir, pool, 2);
        for (int r = 1; r <= runs; r++) {
            Result withCheckpoints = ledger(dir, pool, seconds, true, FsyncPolicy.ON_SYNC);
            Result noCheckpoints = ledger(dir, pool, seconds, false, FsyncPolicy.ON_SYNC);
            double plain = plainWrite(dir, pool, seconds);
            Result everyAppend = ledger(dir, pool, Math.max(1, seconds / 5), true, FsyncPolicy.EVERY_APPEND);
            System.out.printf(Locale.ROOT, "run %d: ledger+checkpoint/s %,.0f entries/s (%d checkpoints, max checkpoint %.1f ms) | "
                            + "ledger, no checkpoints %,.0f entries/s | plain buffered write %,.0f entries/s | fsync every append %,.0f entries/s%n",
                    r, withCheckpoints.rate, withCheckpoints.checkpoints, withCheckpoints.maxCheckpointMs, noCheckpoints.rate, plain, everyAppend.rate);
        }
    }

    private record Result(double rate, int checkpoints, double maxCheckpointMs) {
    }

    private static Result ledger(Path dir, byte[][] pool, int seconds, boolean checkpoints, FsyncPolicy policy) throws Exception {
        Path d = WorkDir.fresh(dir);
        NoteSigner operator = NoteSigner.generate("ledger.bench.example", KeyType.ED25519);
        long n = 0;
        int signed = 0;
        long maxCheckpoint = 0;
        try (Ledger ledger = Ledger.open(d, operator, policy)) {
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long nextCheckpoint = start + 1_000_000_000L;
            long now = start;
            while (now < end) {
                for (int k = 0; k < 64; k++) {
                    ledger.append(pool[(int) (n++ & 1023)]);
                }
                now = System.nanoTime();
                if (checkpoints && now >= nextCheckpoint) {
                    long t0 = System.nanoTime();
                    ledger.checkpoint();
                    maxCheckpoint = Math.max(maxCheckpoint, System.nanoTime() - t0);
                    signed++;
                    nextCheckpoint += 1_000_000_000L;
                    now = System.nanoTime();
                }
            }
            if (checkpoints) {
                ledger.checkpoint();
                signed++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            return new Result(n / elapsed, signed, maxCheckpoint / 1e6);
        }
    }

    private static double plainWrite(Path dir, byte[][] pool, int seconds) throws Exception {
        Path d = WorkDir.fresh(dir);
        long n = 0;
        try (FileOutputStream file = new FileOutputStream(d.resolve("plain").toFile());
             OutputStream out = new BufferedOutputStream(file, 1 << 16)) {
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long nextSync = start + 1_000_000_000L;
            long now = start;
            while (now < end) {
                for (int k = 0; k < 64; k++) {
                    byte[] e = pool[(int) (n++ & 1023)];
                    out.write(e.length >>> 24);
                    out.write(e.length >>> 16);
                    out.write(e.length >>> 8);
                    out.write(e.length);
                    out.write(e);
                }
                now = System.nanoTime();
                if (now >= nextSync) {
                    out.flush();
                    file.getChannel().force(false);
                    nextSync += 1_000_000_000L;
                }
            }
            out.flush();
            file.getChannel().force(false);
            return n / ((System.nanoTime() - start) / 1e9);
        }
    }
}
