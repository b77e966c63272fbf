package secplane.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import secplane.consortium.ledger.Finding;
import secplane.consortium.ledger.LedgerVerifier;
import secplane.consortium.ledger.VerificationReport;
import secplane.consortium.note.NoteFormatException;
import secplane.consortium.note.VerifierKey;

/** {@code secplane ledger verify <dir>}. Exit codes: 0 intact, 3 tampered, 2 bad usage, 1 failure. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check a ledger directory independently: every entry against its recorded leaf hash, the",
            "Merkle tree rebuilt from the entries, every checkpoint's operator signature, and every pair of",
            "checkpoints for consistency. Reports the first bad entry of an edited or truncated log and the two",
            "conflicting checkpoints of a fork. Exit code 0: intact; 3: tampered."})
final class LedgerVerifyCommand implements Callable<Integer> {

    static final int TAMPERED = 3;

    @Parameters(index = "0", paramLabel = "<dir>", description = "the ledger directory (entries, leaves, checkpoints/)")
    Path dir;

    @Option(names = "--key", paramLabel = "<vkey|file>",
            description = "the log operator's verifier key (or a file holding it); default: log.vkey in <dir>, which proves only self-consistency")
    String key;

    @Option(names = "--witness", paramLabel = "<vkey|file>", description = "a witness's cosigner key (repeatable): its cosignatures are counted")
    List<String> witnesses = new ArrayList<>();

    @Option(names = "--json", paramLabel = "<file>", description = "also write the report as JSON to this file")
    Path json;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            System.err.println("secplane: " + dir + " is not a directory; give the ledger directory that holds 'entries', 'leaves' and 'checkpoints/'");
            return 2;
        }
        Optional<VerifierKey> operator;
        List<VerifierKey> witnessKeys = new ArrayList<>();
        try {
            operator = key == null ? Optional.empty() : Optional.of(readKey(key));
            for (String w : witnesses) {
                witnessKeys.add(readKey(w));
            }
        } catch (NoteFormatException e) {
            System.err.println("secplane: bad key: " + e.getMessage());
            return 2;
        }
        VerificationReport report;
        try {
            report = LedgerVerifier.verify(dir, operator, witnessKeys);
        } catch (IllegalArgumentException | NoteFormatException e) {
            System.err.println("secplane: " + e.getMessage());
            return 2;
        }
        if (json != null) {
            try {
                Files.writeString(json, report.toJson() + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                System.err.println("secplane: cannot write " + json + ": " + e.getMessage());
                return 1;
            }
        }
        System.out.println("ledger   " + dir);
        System.out.println("entries  " + report.entries());
        System.out.println("checkpoints " + report.checkpoints() + " with a valid operator signature, " + report.cosignatures() + " valid witness cosignatures");
        System.out.println("operator key: " + report.keySource());
        if (!report.findings().isEmpty()) {
            Table t = new Table("KIND", "FIRST BAD ENTRY", "FINDING");
            for (Finding f : report.findings()) {
                t.row(f.kind() + (f.kind().tamper() ? "" : " (benign)"), f.firstBadEntry() < 0 ? "-" : "#" + f.firstBadEntry(), f.message());
            }
            System.out.print(t);
        }
        if (report.tampered()) {
            System.out.println("TAMPERED: " + report.tamperFindings().get(0).message());
            return TAMPERED;
        }
        System.out.println("OK: the entries, their hashes and every checkpoint agree");
        return 0;
    }

    private static VerifierKey readKey(String keyOrFile) {
        Path p = Path.of(keyOrFile);
        if (!keyOrFile.contains("+") || Files.isRegularFile(p)) {
            try {
                return VerifierKey.decode(Files.readString(p, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the key file " + p + ": " + e.getMessage(), e);
            }
        }
        return VerifierKey.decode(keyOrFile);
    }
}
