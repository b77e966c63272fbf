package secplane.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Option;
import secplane.privacy.curve.BatchLadder;
import secplane.privacy.dataset.Dataset;
import secplane.privacy.dataset.DatasetReader;
import secplane.privacy.dataset.ResultFile;
import secplane.privacy.normalize.ColumnSpec;
import secplane.privacy.psi.EcdhPsi;
import secplane.privacy.psi.Output;
import secplane.privacy.psi.ProgressListener;
import secplane.privacy.psi.PsiConfig;
import secplane.privacy.psi.PsiResult;
import secplane.privacy.sum.IntersectionSum;
import secplane.privacy.sum.SumResult;
import secplane.privacy.transport.Connection;
import secplane.privacy.transport.Role;
import secplane.privacy.transport.TlsFiles;
import secplane.privacy.unbalanced.OprfKey;
import secplane.privacy.unbalanced.PreparedSet;
import secplane.privacy.unbalanced.UnbalancedPsi;
import secplane.privacy.unbalanced.UnbalancedResult;

/** Options and the run shared by {@code psi serve} and {@code psi join}. */
final class PsiParty {
    @Option(names = "--mode", paramLabel = "psi|unbalanced|sum", description = "protocol (default: ${DEFAULT-VALUE})")
    String mode = "psi";

    @Option(names = "--in", paramLabel = "<csv>", description = "this party's data (UTF-8 CSV with a header row); not needed by the large party of unbalanced PSI")
    Path in;

    @Option(names = "--column", required = true, paramLabel = "<name[:kind]>",
            description = "identifier column and normalisation: trim, trim-lower, cn-mobile, cn-resident-id, bank-card, email "
                    + "(repeat for a composite key; both parties must give the same kinds in the same order)")
    List<String> columns;

    @Option(names = "--value-column", paramLabel = "<name>", description = "sum mode, the party holding values: the column of non-negative integers")
    String valueColumn;

    @Option(names = "--skip-bad-rows", description = "skip rows that fail normalisation instead of stopping (they are counted)")
    boolean skipBadRows;

    @Option(names = "--output", paramLabel = "both|server|joiner", description = "psi mode: who learns the intersection (default: ${DEFAULT-VALUE})")
    String output = "both";

    @Option(names = "--size-only", description = "psi mode: learn only the size of the intersection (PSI-cardinality)")
    boolean sizeOnly;

    @Option(names = "--sum-to", paramLabel = "server|joiner", description = "sum mode: the party that learns the sum (the other holds the values)")
    String sumTo;

    @Option(names = "--table", paramLabel = "<file>", description = "unbalanced mode, querier: the prepared set's local copy (downloaded if missing or stale)")
    Path table;

    @Option(names = "--prepared", paramLabel = "<file>", description = "unbalanced mode, large party: the prepared set ('secplane psi prepare')")
    Path prepared;

    @Option(names = "--oprf-key", paramLabel = "<file>", description = "unbalanced mode, large party: the key the set was prepared with")
    Path oprfKey;

    @Option(names = "--out", paramLabel = "<file>", description = "result file (written complete or not at all)")
    Path out;

    @Option(names = "--tls-cert", paramLabel = "<pem>", description = "this party's certificate chain (PEM)")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "<pem>", description = "this party's private key (unencrypted PKCS#8 PEM)")
    Path tlsKey;

    @Option(names = "--tls-p12", paramLabel = "<file>", description = "or: certificate and key in a PKCS#12 file")
    Path tlsP12;

    @Option(names = "--tls-p12-password", paramLabel = "<password>", description = "password of the PKCS#12 file (default: env SECPLANE_P12_PASSWORD)")
    String p12Password;

    @Option(names = "--ca", required = true, paramLabel = "<pem>", description = "CA certificate(s) the peer's certificate must chain to")
    Path ca;

    @Option(names = "--timeout", paramLabel = "<seconds>", description = "give up when the peer sends nothing for this long (default: ${DEFAULT-VALUE})")
    int timeout = 120;

    @Option(names = "--batch", description = "elements per message (default: ${DEFAULT-VALUE})")
    int batch = PsiConfig.DEFAULT_BATCH;

    @Option(names = "--threads", description = "worker threads (default: available processors)")
    int threads = Runtime.getRuntime().availableProcessors();

    Duration timeout() {
        return Duration.ofSeconds(timeout);
    }

    SSLContext tls() {
        if (tlsP12 != null) {
            String pw = p12Password != null ? p12Password : System.getenv().getOrDefault("SECPLANE_P12_PASSWORD", "");
            return TlsFiles.fromPkcs12(tlsP12, pw.toCharArray(), ca);
        }
        if (tlsCert == null || tlsKey == null) {
            throw new IllegalArgumentException("give --tls-cert and --tls-key (PEM), or --tls-p12; 'secplane psi keys --out DIR' makes test ones");
        }
        return TlsFiles.fromPem(tlsCert, tlsKey, ca);
    }

    static ExecutorService pool(int threads) {
        return Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "psi-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Updates the bar at most every 200 ms on a terminal and every 5 s in a log, so that a log stays readable. */
    static ProgressListener bar(Progress progress) {
        long[] last = {0};
        long every = System.console() != null ? 200_000_000L : 5_000_000_000L;
        return (phase, done, total) -> {
            long now = System.nanoTime();
            synchronized (last) {
                if (done < total && now - last[0] < every) {
                    return;
                }
                last[0] = now;
                progress.set((int) (1000 * done / Math.max(1, total)), phase);
            }
        };
    }

    /** Checks the options that can be checked before the peer is involved. */
    void check(Role role) {
        columns.forEach(ColumnSpec::parse);
        if (in == null && !("unbalanced".equals(mode) && role == Role.SERVER)) {
            throw new IllegalArgumentException("give this party's data with --in FILE.csv");
        }
        switch (mode) {
            case "psi" -> {
                Output o = Output.parse(output);
                if (o.reaches(role) && out == null) {
                    throw new IllegalArgumentException("this party learns the result (--output " + output + "): give --out FILE");
                }
            }
            case "unbalanced" -> {
                if (role == Role.SERVER && (prepared == null || oprfKey == null)) {
                    throw new IllegalArgumentException("the large party serves unbalanced PSI with --prepared FILE and --oprf-key FILE");
                }
                if (role == Role.JOINER && (table == null || out == null)) {
                    throw new IllegalArgumentException("the querier needs --table FILE (the local copy of the prepared set) and --out FILE");
                }
            }
            case "sum" -> {
                if (sumTo == null) {
                    throw new IllegalArgumentException("sum mode needs --sum-to server|joiner: the party that learns the sum");
                }
                boolean learner = Role.valueOf(sumTo.trim().toUpperCase(java.util.Locale.ROOT)) == role;
                if (learner && out == null) {
                    throw new IllegalArgumentException("this party learns the sum: give --out FILE");
                }
                if (!learner && valueColumn == null) {
                    throw new IllegalArgumentException("this party holds the values: give --value-column NAME");
                }
                if (learner) {
                    valueColumn = null;
                }
            }
            default -> throw new IllegalArgumentException("--mode must be psi, unbalanced or sum, not '" + mode + "'");
        }
    }

    /** Reads the input, connects, runs the protocol and writes the result. */
    int run(Role role, Supplier<Connection> connect, String label) {
        check(role);
        if (!"unbalanced".equals(mode)) {
            BatchLadder.warmUp(); // compiles the vector ladder while the input is read and the peer connects
        }
        if (out != null) {
            if (Files.isDirectory(out)) {
                throw new IllegalArgumentException("--out " + out + " is a directory; name a file");
            }
            // a result left by an earlier run must not pass for this run's if this one fails
            try {
                Files.deleteIfExists(out);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot replace --out " + out + ": " + e.getMessage());
            }
        }
        List<ColumnSpec> specs = columns.stream().map(ColumnSpec::parse).toList();
        String norm = ColumnSpec.settings(specs);
        Role other = role == Role.SERVER ? Role.JOINER : Role.SERVER;
        // the large party of unbalanced PSI answers from its key alone: its items are in the prepared set
        Dataset data = in == null ? Dataset.of(List.of()) : new DatasetReader(specs, "sum".equals(mode) ? valueColumn : null, skipBadRows).read(in);
        System.err.printf("%s: %d distinct identifiers from %d rows (%d duplicates collapsed, %d bad rows skipped)%n", in, data.size(), data.rows(),
                data.duplicates(), data.skipped());
        ExecutorService pool = pool(threads);
        long t0 = System.nanoTime();
        Progress progress = new Progress(label, 1000);
        try (Connection c = connect.get()) {
            System.err.println("connected to " + c.peerSubject());
            Table summary = new Table("ITEM", "VALUE");
            summary.row("mode", mode);
            summary.row("peer", c.peerSubject());
            summary.row("own set", data.size());
            switch (mode) {
                case "psi" -> {
                    PsiResult r = new EcdhPsi(pool, threads).run(c.channel(), role, new PsiConfig(Output.parse(output), sizeOnly, norm, batch),
                            data.ids(), bar(progress));
                    progress.done();
                    summary.row("peer set", r.peerSize());
                    if (r.size() >= 0) {
                        summary.row("intersection", r.size());
                        try (ResultFile f = new ResultFile(out)) {
                            if (r.intersection() != null) {
                                f.row(specs.stream().map(ColumnSpec::column).toArray(String[]::new));
                                for (String id : r.intersection()) {
                                    f.row(id.split(String.valueOf(Dataset.KEY_SEPARATOR), -1));
                                }
                            } else {
                                f.row("intersection_size");
                                f.row(Long.toString(r.size()));
                            }
                            summary.row("result", f.commit());
                        }
                    } else {
                        summary.row("intersection", "(learned by the peer only)");
                    }
                }
                case "unbalanced" -> {
                    UnbalancedPsi u = new UnbalancedPsi(pool, threads);
                    UnbalancedResult r;
                    if (role == Role.SERVER) {
                        try (PreparedSet p = PreparedSet.open(prepared)) {
                            r = u.serve(c.channel(), OprfKey.read(oprfKey), p, norm, batch);
                        }
                        progress.done();
                        summary.row("queries answered", r.queried());
                    } else {
                        r = u.query(c.channel(), data.ids(), table, norm, batch, bar(progress));
                        progress.done();
                        summary.row("listed", r.listed().size());
                        try (ResultFile f = new ResultFile(out)) {
                            f.row(specs.stream().map(ColumnSpec::column).toArray(String[]::new));
                            for (String id : r.listed()) {
                                f.row(id.split(String.valueOf(Dataset.KEY_SEPARATOR), -1));
                            }
                            summary.row("result", f.commit());
                        }
                    }
                    summary.row("prepared set", r.tableSize() + (r.tableDownloaded() ? " (shipped in this run)" : " (cached copy)"));
                    summary.row("offline / online", String.format("%.3f s / %.3f s", r.offlineNanos() / 1e9, r.onlineNanos() / 1e9));
                }
                default -> {
                    IntersectionSum s = new IntersectionSum(pool, threads);
                    SumResult r = valueColumn == null
                            ? s.learn(c.channel(), role, data.ids(), norm, batch, bar(progress))
                            : s.hold(c.channel(), role, data.ids(), data.values(), norm, batch, bar(progress));
                    progress.done();
                    summary.row("peer set", r.peerSize());
                    if (r.sum() >= 0) {
                        summary.row("intersection", r.size());
                        summary.row("intersection sum", r.sum());
                        try (ResultFile f = new ResultFile(out)) {
                            f.row("intersection_size", "intersection_sum");
                            f.row(Long.toString(r.size()), Long.toString(r.sum()));
                            summary.row("result", f.commit());
                        }
                    } else {
                        summary.row("intersection sum", "(learned by the " + other.id() + " only)");
                    }
                }
            }
            summary.row("bytes on the socket", String.format("sent %,d / received %,d (TLS included)", c.socketBytesSent(), c.socketBytesReceived()));
            summary.row("elapsed", String.format("%.2f s", (System.nanoTime() - t0) / 1e9));
            summary.row("curve arithmetic", BatchLadder.implementation());
            System.out.print(summary);
            return 0;
        } finally {
            pool.shutdownNow();
        }
    }
}
